// Routes that an older Jobber (or a caller without the permission) does not answer: the page shows "—" instead.
import { api, ApiError } from '../api.js';
import { useAsync, useInterval } from './hooks.js';

const ABSENT = new Set([404, 403]);

/**
 * GETs `path` every `everyMs` (while visible); {data, absent, error, reload}. `absent` says the route is not there
 * (404) or not for this caller (403): then `data` is null, `error` stays null and the polling stops.
 */
export function useOptionalApi(path, everyMs = 0) {
  const result = useAsync((signal) => api(path, { signal }).then(
    (data) => ({ data, absent: false }),
    (e) => {
      if (e instanceof ApiError && ABSENT.has(e.status)) return { data: null, absent: true };
      throw e;
    },
  ), [path]);
  const absent = result.data?.absent === true;
  useInterval(result.reload, absent ? 0 : everyMs);
  return { data: result.data?.data ?? null, absent, loaded: result.data !== undefined, error: result.error, reload: result.reload };
}
