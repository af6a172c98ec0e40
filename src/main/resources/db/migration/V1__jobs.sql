-- Jobs, their immutable versions, and each version's action settings and triggers.
create table job (
    id                uuid primary key,
    name              varchar(128) not null unique,
    description       text         not null default '',
    links             jsonb        not null default '[]',
    status            varchar(16)  not null default 'enabled' check (status in ('enabled', 'disabled')),
    active_version_id uuid,
    created           timestamptz  not null,
    modified          timestamptz  not null
);

create table job_version (
    id             uuid primary key,
    job_id         uuid         not null references job (id) on delete cascade,
    version        varchar(32)  not null,
    archive_sha256 char(64)     not null,
    archive_size   bigint       not null,
    main           varchar(1024) not null,
    module_type    varchar(16),
    node_major     integer      not null,
    manifest       jsonb        not null,
    created        timestamptz  not null,
    modified       timestamptz  not null,
    unique (job_id, version)
);
create index job_version_archive on job_version (archive_sha256);

alter table job
    add constraint job_active_version foreign key (active_version_id) references job_version (id) on delete set null;

create table job_action (
    id                      uuid primary key,
    job_id                  uuid        not null references job (id) on delete cascade,
    job_version_id          uuid        not null unique references job_version (id) on delete cascade,
    runner_asynchronous     boolean     not null,
    runner_min_count        integer     not null,
    runner_max_count        integer     not null,
    runner_timeout          integer     not null,
    runner_max_idle_age     integer     not null,
    runner_max_age          integer     not null,
    runner_max_age_hard     integer     not null,
    runner_mode             varchar(16) not null,
    runner_docker_arguments jsonb       not null,
    created                 timestamptz not null
);
create index job_action_job on job_action (job_id);

create table job_trigger (
    id             uuid primary key,
    job_id         uuid        not null references job (id) on delete cascade,
    job_version_id uuid        not null references job_version (id) on delete cascade,
    position       integer     not null,
    kind           varchar(16) not null check (kind in ('http', 'schedule', 'mqtt')),
    name           varchar(256),
    context        jsonb       not null,
    created        timestamptz not null,
    unique (job_version_id, position)
);
create index job_trigger_job on job_trigger (job_id);
