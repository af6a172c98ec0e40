-- Job environment variables (secrets encrypted by the application) and the per-job key-value store.

-- Incremented with every environment change, so the job's runners are replaced.
alter table job add column environment_revision bigint not null default 0;

create table job_environment (
    id         uuid primary key,
    job_id     uuid         not null references job (id) on delete cascade,
    name       varchar(128) not null,
    type       varchar(8)   not null check (type in ('text', 'secret')),
    value      text,   -- text variables
    ciphertext bytea,  -- secret variables: AES-GCM nonce (12 bytes) followed by ciphertext and tag
    created    timestamptz  not null,
    modified   timestamptz  not null,
    unique (job_id, name),
    check ((type = 'text') = (value is not null) and (type = 'secret') = (ciphertext is not null))
);

-- A value encrypted with the secret key, to detect a wrong key at startup.
create table secret_key_check (
    id         smallint primary key check (id = 1),
    ciphertext bytea       not null,
    created    timestamptz not null
);

create table job_store (
    id       uuid primary key,
    job_id   uuid         not null references job (id) on delete cascade,
    key      varchar(128) not null,
    value    bytea        not null,
    expiry   timestamptz,
    created  timestamptz  not null,
    modified timestamptz  not null,
    unique (job_id, key)
);
create index job_store_expiry on job_store (expiry) where expiry is not null;

-- Value bytes per job, kept by a trigger so a set checks the quota without summing the job's items.
create table job_store_usage (
    job_id uuid primary key references job (id) on delete cascade,
    bytes  bigint not null
);

-- The per-job quota in bytes, written by the application at startup from its configuration.
create table job_store_settings (
    id    smallint primary key check (id = 1),
    quota bigint not null
);

-- Keeps job_store_usage; a write that takes a job over the quota fails with SQLSTATE JBQ01. The usage row is locked
-- by the update until the statement's transaction ends, so concurrent writes of one job are checked one after another.
create function job_store_account() returns trigger language plpgsql as $$
declare
    delta bigint;
    total bigint;
    quota bigint;
begin
    if tg_op = 'DELETE' then
        update job_store_usage set bytes = bytes - octet_length(old.value) where job_id = old.job_id;
        return null;
    end if;
    delta := octet_length(new.value) - case when tg_op = 'UPDATE' then octet_length(old.value) else 0 end;
    insert into job_store_usage as u (job_id, bytes) values (new.job_id, delta)
        on conflict (job_id) do update set bytes = u.bytes + excluded.bytes
        returning u.bytes into total;
    if delta > 0 then
        select s.quota into quota from job_store_settings s where s.id = 1;
        if quota is not null and total > quota then
            raise exception using errcode = 'JBQ01',
                message = format('store quota exceeded: the job''s values would take %s bytes, at most %s are allowed (JOBBER_STORE_QUOTA)',
                                 total, quota);
        end if;
    end if;
    return null;
end
$$;

create trigger job_store_account after insert or update or delete on job_store
    for each row execute function job_store_account();
