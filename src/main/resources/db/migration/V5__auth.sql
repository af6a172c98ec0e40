-- Users, their login sessions and API tokens. Session and token secrets are stored only as SHA-256 hashes.

create table app_user (
    id            uuid primary key,
    username      varchar(32)  not null,
    password_hash text         not null, -- Argon2id, PHC string format
    permissions   jsonb        not null,
    enabled       boolean      not null default true,
    created       timestamptz  not null,
    modified      timestamptz  not null
);
create unique index app_user_username_key on app_user (lower(username));

create table user_session (
    id         uuid primary key,
    token_hash bytea       not null unique,
    user_id    uuid        not null references app_user (id) on delete cascade,
    created    timestamptz not null,
    expires    timestamptz not null
);
create index user_session_expires_idx on user_session (expires);

create table api_token (
    id          uuid primary key,
    token_hash  bytea         not null unique,
    user_id     uuid          not null references app_user (id) on delete cascade,
    description varchar(1024) not null,
    permissions jsonb         not null,
    enabled     boolean       not null default true,
    created     timestamptz   not null,
    expires     timestamptz   not null
);
