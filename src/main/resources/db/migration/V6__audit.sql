-- The audit log: one row per admin change, refused request or sign-in attempt. Never holds a secret value, a password
-- or a token; details carries the before/after of what changed. Rows older than AUDIT_RETENTION are deleted.

create table audit_entry (
    id             bigserial    primary key,
    time           timestamptz  not null,
    actor_type     varchar(16)  not null, -- user | token | anonymous
    user_id        uuid,                  -- the user, or the token's owner
    username       varchar(64),           -- for an anonymous sign-in attempt, the username tried
    token_id       uuid,
    method         varchar(16)  not null,
    route          varchar(512) not null, -- the route template, e.g. /api/job/{jobId}
    resource       varchar(1024),         -- the permission resource, e.g. job/<id>/environment/FOO
    action         varchar(64)  not null, -- the permission action, or the route's operation when it declares none
    change         varchar(64),           -- what the service changed, e.g. job.updated
    status         integer      not null,
    details        jsonb,
    request_id     uuid         not null,
    client_address varchar(64),
    suppressed     integer      not null default 0 -- refused requests of the same kind not recorded just before
);
create index audit_entry_time_idx on audit_entry (time);
create index audit_entry_resource_idx on audit_entry (resource text_pattern_ops, id);
