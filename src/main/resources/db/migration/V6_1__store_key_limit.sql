-- The number of keys per job is limited too (JOBBER_STORE_MAX_KEYS), kept beside the value bytes.
alter table job_store_usage add column keys bigint not null default 0;
update job_store_usage u set keys = (select count(*) from job_store s where s.job_id = u.job_id);

alter table job_store_settings add column max_keys bigint;

-- Keeps job_store_usage; a write that takes a job over the quota or the key limit fails with SQLSTATE JBQ01. The usage
-- row is locked by the update until the statement's transaction ends, so concurrent writes of one job are checked one
-- after another.
create or replace function job_store_account() returns trigger language plpgsql as $$
declare
    delta bigint;
    added bigint;
    total bigint;
    total_keys bigint;
    settings job_store_settings%rowtype;
begin
    if tg_op = 'DELETE' then
        update job_store_usage set bytes = bytes - octet_length(old.value), keys = keys - 1 where job_id = old.job_id;
        return null;
    end if;
    delta := octet_length(new.value) - case when tg_op = 'UPDATE' then octet_length(old.value) else 0 end;
    added := case when tg_op = 'INSERT' then 1 else 0 end;
    insert into job_store_usage as u (job_id, bytes, keys) values (new.job_id, delta, added)
        on conflict (job_id) do update set bytes = u.bytes + excluded.bytes, keys = u.keys + excluded.keys
        returning u.bytes, u.keys into total, total_keys;
    if delta > 0 or added > 0 then
        select * into settings from job_store_settings s where s.id = 1;
        if added > 0 and settings.max_keys is not null and total_keys > settings.max_keys then
            raise exception using errcode = 'JBQ01',
                message = format('store key limit exceeded: the job would hold %s keys, at most %s are allowed (JOBBER_STORE_MAX_KEYS)',
                                 total_keys, settings.max_keys);
        end if;
        if delta > 0 and settings.quota is not null and total > settings.quota then
            raise exception using errcode = 'JBQ01',
                message = format('store quota exceeded: the job''s values would take %s bytes, at most %s are allowed (JOBBER_STORE_QUOTA)',
                                 total, settings.quota);
        end if;
    end if;
    return null;
end
$$;
