-- Every committed change of what instances keep in memory is announced on the channel jobber_changes, so other
-- instances on this database follow it (ChangeFeed). Notifications are sent by the database itself, so no write path
-- can forget them, and only at commit: a rolled-back change announces nothing. Payloads carry ids only:
-- {"kind":"job","id":<job id>} for a job and its versions, actions and triggers, {"kind":"environment","id":<job id>},
-- {"kind":"user","id":<user id>}, {"kind":"token","id":<token id>}. Identical payloads of one transaction are sent once.
create function notify_change() returns trigger language plpgsql as $$
declare
    changed jsonb;
begin
    if tg_op = 'DELETE' then
        changed := to_jsonb(old);
    else
        changed := to_jsonb(new);
    end if;
    perform pg_notify('jobber_changes', json_build_object('kind', tg_argv[0], 'id', changed ->> tg_argv[1])::text);
    return null;
end
$$;

create trigger job_changed after insert or update or delete on job
    for each row execute function notify_change('job', 'id');
create trigger job_version_changed after insert or update or delete on job_version
    for each row execute function notify_change('job', 'job_id');
create trigger job_action_changed after insert or update or delete on job_action
    for each row execute function notify_change('job', 'job_id');
create trigger job_trigger_changed after insert or update or delete on job_trigger
    for each row execute function notify_change('job', 'job_id');
create trigger job_environment_changed after insert or update or delete on job_environment
    for each row execute function notify_change('environment', 'job_id');
create trigger app_user_changed after insert or update or delete on app_user
    for each row execute function notify_change('user', 'id');
create trigger api_token_changed after insert or update or delete on api_token
    for each row execute function notify_change('token', 'id');
