// Dates and numbers as people read them. API timestamps are unix seconds unless said otherwise.

export function fromSeconds(seconds) {
  return seconds == null ? null : new Date(seconds * 1000);
}

/** "3 min ago" / "in 2 h" for a Date (or unix seconds). */
export function ago(value) {
  if (value == null) return '—';
  const date = typeof value === 'number' ? fromSeconds(value) : new Date(value);
  const diff = (Date.now() - date.getTime()) / 1000;
  const abs = Math.abs(diff);
  const [n, unit] = abs < 60 ? [abs, 's'] : abs < 3600 ? [abs / 60, 'min'] : abs < 86400 ? [abs / 3600, 'h'] : [abs / 86400, 'd'];
  const text = `${Math.floor(n)} ${unit}`;
  return diff >= 0 ? `${text} ago` : `in ${text}`;
}

// Made once: a formatter costs far more to make than to use (a table of 50 rows calls them hundreds of times).
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const numberFormat = new Intl.NumberFormat();

/** An ISO-like local date and time (or unix seconds). */
export function when(value) {
  if (value == null) return '—';
  const date = typeof value === 'number' ? fromSeconds(value) : new Date(value);
  if (Number.isNaN(date.getTime())) return '—';
  return dateTimeFormat.format(date);
}

export function duration(ms) {
  if (ms == null || Number.isNaN(ms)) return '—';
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`;
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60000)} min ${Math.round((ms % 60000) / 1000)} s`;
}

export function count(n) {
  return n == null ? '—' : numberFormat.format(n);
}
