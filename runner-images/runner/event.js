'use strict';

/** What every handler reads from an `event` frame, with request headers indexed by lower-case name. */
class Event {
  constructor(header, body) {
    this.id = header.id;
    this.kind = header.kind;
    this.name = typeof header.name === 'string' ? header.name : null;
    this.body = body;
    if (this.kind === 'http') {
      this.method = String(header.method ?? 'GET').toUpperCase();
      this.path = typeof header.path === 'string' ? header.path : '/';
      this.query = typeof header.query === 'string' ? header.query : '';
      this.headers = Array.isArray(header.headers) ? header.headers.map(([n, v]) => [String(n), String(v)]) : [];
      this.remote = typeof header.remote === 'string' ? header.remote : null;
      this.headerIndex = null;
      this.searchParams = null;
    } else if (this.kind === 'mqtt') {
      this.topic = String(header.topic ?? '');
    } else if (this.kind === 'schedule') {
      this.cron = typeof header.cron === 'string' ? header.cron : null;
      this.timezone = typeof header.timezone === 'string' ? header.timezone : null;
      this.scheduledAt = new Date(typeof header.scheduledAt === 'number' ? header.scheduledAt : Date.now());
    }
  }

  /** Values of a request header, in arrival order; an empty array when absent. */
  headerValues(name) {
    if (this.headerIndex === null) {
      this.headerIndex = new Map();
      for (const [n, v] of this.headers) {
        const key = n.toLowerCase();
        const values = this.headerIndex.get(key);
        if (values === undefined) this.headerIndex.set(key, [v]);
        else values.push(v);
      }
    }
    return this.headerIndex.get(String(name).toLowerCase()) ?? [];
  }

  params() {
    if (this.searchParams === null) this.searchParams = new URLSearchParams(this.query);
    return this.searchParams;
  }

  /** First value of a query key (exact case), or null. */
  queryValue(name) {
    return this.params().get(String(name));
  }

  /** All values of a query key (exact case), or null when there is none, as the original answered. */
  queryValues(name) {
    const values = this.params().getAll(String(name));
    return values.length === 0 ? null : values;
  }
}

module.exports = { Event };
