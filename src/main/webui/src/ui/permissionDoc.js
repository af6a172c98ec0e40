// Permission documents [{effect, resource, actions}] as the server reads them (auth/Permissions.java#parse), so the
// editor can name every problem before sending, with the server's field names ("permissions[0].effect").

export const ACTIONS = ['read', 'write', 'delete'];
export const EFFECTS = ['allow', 'deny'];
export const MAX_STATEMENTS = 200;
export const MAX_RESOURCE_LENGTH = 512;

/** The resources of SPEC §3 that do not name a job. */
export const GENERAL_RESOURCES = [
  '*', 'job', 'job/*', 'job/-/publish', 'users', 'api-tokens', 'system/metrics/prometheus', 'system/metrics/overview',
];
/** What lies below a job (`job/<id>/…`). */
export const JOB_PARTS = ['environment', 'logs', 'runners', 'store', 'triggers', 'versions', 'actions'];

export function newStatement() {
  return { effect: 'allow', resource: '', actions: ['read'] };
}

/**
 * Every problem of a document as [{field, message}], `field` under `prefix` like the server's ("permissions[2].resource").
 * An empty list means the server will accept its shape.
 */
export function validateDocument(doc, prefix = 'permissions') {
  if (!Array.isArray(doc)) return [{ field: prefix, message: 'must be an array of {effect, resource, actions}' }];
  if (doc.length > MAX_STATEMENTS) return [{ field: prefix, message: `at most ${MAX_STATEMENTS} statements are accepted` }];
  const errors = [];
  doc.forEach((s, i) => {
    const at = `${prefix}[${i}]`;
    if (s === null || typeof s !== 'object' || Array.isArray(s)) {
      errors.push({ field: at, message: 'must be an object {effect, resource, actions}' });
      return;
    }
    if (!EFFECTS.includes(s.effect)) errors.push({ field: `${at}.effect`, message: 'must be "allow" or "deny"' });
    if (typeof s.resource !== 'string' || s.resource.length === 0 || s.resource.length > MAX_RESOURCE_LENGTH) {
      errors.push({ field: `${at}.resource`, message: `must be a resource pattern of 1 to ${MAX_RESOURCE_LENGTH} characters` });
    }
    if (!Array.isArray(s.actions)) {
      errors.push({ field: `${at}.actions`, message: 'must be an array of "read", "write" or "delete"' });
    } else {
      s.actions.forEach((a, j) => {
        if (!ACTIONS.includes(a)) errors.push({ field: `${at}.actions[${j}]`, message: 'must be "read", "write" or "delete"' });
      });
    }
  });
  return errors;
}

/** Reads the JSON text of a document: {doc, errors}; `doc` is undefined when the text is no JSON at all. */
export function parseDocument(text, prefix = 'permissions') {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { doc: undefined, errors: [{ field: prefix, message: `is not valid JSON: ${e.message}` }] };
  }
  return { doc, errors: validateDocument(doc, prefix) };
}

/** Whether the rows editor can show the document (an array of objects), valid or not. */
export function showableAsRows(doc) {
  return Array.isArray(doc) && doc.every((s) => s !== null && typeof s === 'object' && !Array.isArray(s));
}

/**
 * Splits field errors by statement: {rows: {index: [{part, message}]}, rest: [{field, message}]}; `part` is what
 * follows "prefix[i]" ("resource", "actions[1]", or "" for the statement itself).
 */
export function errorsByRow(errors, prefix = 'permissions') {
  const rows = {};
  const rest = [];
  const pattern = new RegExp(`^${prefix.replace(/[.[\]]/g, '\\$&')}\\[(\\d+)\\]\\.?(.*)$`);
  for (const e of errors || []) {
    const m = pattern.exec(e.field || '');
    if (m) (rows[m[1]] ||= []).push({ part: m[2], message: e.message });
    else if (e.field === prefix || e.field?.startsWith(prefix)) rest.push(e);
  }
  return { rows, rest };
}

/** The resource suggestions: the general ones, then each readable job and what lies below it. */
export function resourceOptions(jobs) {
  const options = GENERAL_RESOURCES.map((value) => ({ value, label: '' }));
  for (const part of JOB_PARTS) options.push({ value: `job/*/${part}`, label: `${part} of every job` });
  for (const job of jobs || []) {
    options.push({ value: `job/${job.id}`, label: job.jobName });
    for (const part of JOB_PARTS) options.push({ value: `job/${job.id}/${part}`, label: `${job.jobName}: ${part}` });
  }
  return options;
}

/**
 * The suggestions for what a resource field holds: at most `limit`, those starting with the text first, then those
 * containing it in their resource or label (a job's name). A browser's datalist is slow with thousands of options.
 */
export function suggest(options, text, limit = 60) {
  const needle = (text || '').trim().toLowerCase();
  if (!needle) return options.filter((o) => !o.value.startsWith('job/') || o.value.split('/').length === 2 || o.value.startsWith('job/*/')).slice(0, limit);
  const starts = [];
  const contains = [];
  for (const o of options) {
    const value = o.value.toLowerCase();
    if (value.startsWith(needle)) starts.push(o);
    else if (value.includes(needle) || o.label.toLowerCase().includes(needle)) contains.push(o);
    if (starts.length >= limit) break;
  }
  return starts.concat(contains).slice(0, limit);
}
