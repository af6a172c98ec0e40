-- Job logs (LOG_DRIVER=database): runner output and system lines. sort orders a job's lines and pages them.
create table job_log (
    sort       bigserial primary key,
    job_id     uuid        not null references job (id) on delete cascade,
    action_id  uuid,
    version_id uuid,
    runner_id  uuid,
    source     varchar(8)  not null check (source in ('runner', 'system')),
    stream     varchar(8)  not null check (stream in ('stdout', 'stderr')),
    request_id uuid,
    created    timestamptz not null,
    message    text        not null
);
create index job_log_job_sort on job_log (job_id, sort desc);
create index job_log_job_request on job_log (job_id, request_id) where request_id is not null;
create index job_log_created on job_log (created);
