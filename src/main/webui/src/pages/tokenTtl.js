// How long a new API token lives: presets or a custom amount, in seconds as POST /api/api-tokens/ takes them.

export const TTL_MIN = 60;
export const TTL_MAX = 157680000; // 5 years of 365 days
export const PRESETS = [
  { id: 'day', label: '1 day', seconds: 86400 },
  { id: 'month', label: '30 days', seconds: 30 * 86400 },
  { id: 'year', label: '1 year', seconds: 365 * 86400 },
];
export const UNITS = [
  { id: 'minutes', label: 'minutes', seconds: 60 },
  { id: 'hours', label: 'hours', seconds: 3600 },
  { id: 'days', label: 'days', seconds: 86400 },
];

/**
 * The lifetime in seconds for a preset id, or for 'custom' with `amount` of `unit`: {seconds} or {error} (the
 * server's range, 60 s to 5 years).
 */
export function ttlOf(choice, amount, unit) {
  const preset = PRESETS.find((p) => p.id === choice);
  if (preset) return { seconds: preset.seconds };
  const n = Number(amount);
  const factor = UNITS.find((u) => u.id === unit)?.seconds;
  if (!factor || String(amount).trim() === '' || !Number.isFinite(n) || n <= 0) return { error: 'Enter a number greater than 0' };
  const seconds = Math.round(n * factor);
  if (seconds < TTL_MIN) return { error: 'A token lives at least 1 minute' };
  if (seconds > TTL_MAX) return { error: `A token lives at most ${TTL_MAX / 86400} days (5 years)` };
  return { seconds };
}

/** The command that publishes a job archive with a token. */
export function publishCommand(origin, token) {
  return `curl -H "Authorization: Bearer ${token}" -F "archive=@function.zip" ${origin}/api/job/publish/`;
}
