// Type declarations of the Jobber function API, both handler generations (docs/runner-protocol.md, SPEC §5).
// Marked "Ext" where Jobber offers more than the original.

/// <reference types="node" />

import type { Readable, Writable } from 'node:stream';

/** A store item as the first generation's context returns it. Timestamps in unix seconds. */
export interface StoreItem {
  id: string;
  jobId: string;
  key: string;
  value: string;
  /** Unix seconds, or null for no expiry. */
  expiry: number | null;
  created: number;
  modified: number;
}

export interface StoreOptions {
  /** Seconds until the item expires; 0 or absent: no expiry (setting again without ttl clears it). */
  ttl?: number;
}

/** Publishable payloads: bytes as they are, strings as UTF-8, objects, arrays and null as JSON. Numbers throw. */
export type PublishPayload = Buffer | Uint8Array | string | object | null;

/* ------------------------------------------------------------------------------------------------------------------
 * First generation: export `handler(request, response, context)`.
 * ---------------------------------------------------------------------------------------------------------------- */

export type EventType = 'http' | 'schedule' | 'mqtt';

/** Accessors for another event type than the current one throw. */
export interface JobberRequest {
  type(): EventType;
  /** The trigger's name; "" for an unnamed HTTP trigger, null for an unnamed schedule or MQTT trigger. */
  name(): string | null;
  /** http: case-insensitive; repeated headers joined with ", "; null when absent. */
  header(name: string): string | null;
  /** http: the first value of a query key (exact case), or null. */
  query(name: string): string | null;
  /** http: every value of a query key (exact case), or null when there is none. */
  queries(name: string): string[] | null;
  /** http: upper case. */
  method(): string;
  /** http */
  path(): string;
  /** http, Ext: the client's address. */
  remoteAddress(): string | null;
  /** mqtt */
  topic(): string;
  /** http and mqtt: the body (empty when none). */
  data(): Buffer;
  /** http and mqtt: the body as UTF-8. */
  text(): string;
  /** http and mqtt: the body parsed; throws SyntaxError on a bad or empty body. */
  json<T = unknown>(): T;
  /** http: `https://<Host or localhost><path>?<query>`, no body for GET and HEAD, redirect "manual". */
  getHttpRequest(): Request;
}

/**
 * Chainable. A handler that never touches it answers 200 with an empty body. The body is kept until the handler
 * returns, except that chunk() output past 64 KiB starts streaming, after which status, headers and the body can
 * no longer be replaced (those calls throw).
 */
export interface JobberResponse {
  /** http */
  status(code: number): this;
  /** http: the name is lower-cased, the last call wins; the value must be a string. */
  header(name: string, value: string): this;
  /** http: sets Location. */
  redirect(path: string, status?: number): this;
  /** http: application/json; replaces the body. */
  json(value: unknown, status?: number): this;
  /** http: text/plain; replaces the body. */
  text(value: string, status?: number): this;
  /** http: appends to the body. */
  chunk(data: Buffer): this;
  /**
   * http, Ext: resolves once the runner takes more output (at once while the body is still kept), so a handler
   * writing much can follow a slow client: `await response.chunk(data).written()`.
   */
  written(): Promise<void>;
  /** mqtt: sent on the trigger's connection after the handler returns. */
  publish(topic: string, body: PublishPayload): this;
}

/** Every call rejects after 10 s without an answer from the manager. */
export interface JobberContext {
  getStore(key: string): Promise<StoreItem | null>;
  setStore(key: string, value: string, options?: StoreOptions): Promise<StoreItem>;
  /** The deleted item, or null when there was none. */
  deleteStore(key: string): Promise<StoreItem | null>;
  /** Sets the key only if its value is `expected` (null: absent); the new item, or null when it was different. */
  compareAndSetStore(key: string, expected: string | null, value: string, options?: StoreOptions): Promise<StoreItem | null>;
  /** The parsed value; null when absent or unparsable. */
  getStoreJson<T = unknown>(key: string): Promise<T | null>;
  setStoreJson(key: string, value: unknown, options?: StoreOptions): Promise<StoreItem>;
  /** The parsed value of the deleted item, or null. */
  deleteStoreJson<T = unknown>(key: string): Promise<T | null>;
  /** true when handed to a connected MQTT trigger of the job, false when there is none. */
  publish(topic: string, body: PublishPayload): Promise<boolean>;
}

export type Handler = (request: JobberRequest, response: JobberResponse, context: JobberContext) => unknown;

/* ------------------------------------------------------------------------------------------------------------------
 * Second generation: export `handlerHttp`, `handlerMqtt`, `handlerSchedule` (each falls back to `handler` when
 * absent) and optionally `bootstrap`, which runs once before the runner accepts events; if it throws, the runner
 * fails to start.
 * ---------------------------------------------------------------------------------------------------------------- */

export type Publish = (topic: string, payload: PublishPayload) => Promise<boolean>;

export interface HttpRequest {
  readonly path: string;
  /** Upper case. */
  readonly method: string;
  /** The trigger's name, "" when unnamed. */
  readonly name: string;
  /** Ext: the client's address. */
  readonly remoteAddress: string | null;
  /** Case-insensitive: a string, an array for a repeated header, or undefined. */
  header(name: string): string | string[] | undefined;
  /** Every request header in arrival order. */
  getHeaders(): { name: string; value: string }[];
  /** The first value of a query key (exact case), or null. */
  query(name: string): string | null;
  /** Every value of a query key (exact case), or null when there is none. */
  queries(name: string): string[] | null;
  getSearchParams(): URLSearchParams;
  /** Rejects with SyntaxError on a bad or empty body. */
  json<T = unknown>(): Promise<T>;
  text(): Promise<string>;
  /**
   * @deprecated use getReadStream(). The body; a promise of it while a streamed body is still arriving, so
   * `await request.raw()` works either way.
   */
  raw(): Buffer | Promise<Buffer>;
  /**
   * The body as it arrives, as fast as the function reads it (the client is held back otherwise). Once asked for,
   * json(), text() and raw() of a body still arriving reject.
   */
  getReadStream(): Readable;
}

/**
 * Setting the status or a header after the body started throws. A handler that returns without responding
 * answers 204 (or the status it set) with an empty body.
 */
export interface HttpResponse {
  status(code: number): this;
  /** Names are lower-cased; the last call wins. Ext: an array sends a repeated header (several Set-Cookie). */
  header(name: string, value: string | number | string[]): this;
  /** application/json unless a content-type was set. */
  json(data: unknown): void;
  /** text/plain unless a content-type was set. */
  text(data: string): void;
  /** text/html unless a content-type was set. */
  html(data: string): void;
  /**
   * Sends the status and headers at once; the body goes out as it is written and ends with end(). Writes complete
   * as fast as the client reads (write() returns false until 'drain'); the stream closes if the client goes away.
   */
  getWriteStream(): Writable;
}

export interface HttpContext {
  readonly name: string;
  readonly request: HttpRequest;
  readonly response: HttpResponse;
  publish: Publish;
}

export interface MqttContext {
  /** The trigger's name, or null. */
  readonly name: string | null;
  readonly topic: string;
  readonly payload: Buffer;
  readonly text: string;
  /** Throws SyntaxError when the payload is not JSON. */
  readonly json: unknown;
  publish: Publish;
}

export interface ScheduleContext {
  /** The trigger's name, or null. */
  readonly name: string | null;
  /** The instant of the tick. */
  readonly scheduledAt: Date;
  /** Ext: the trigger's cron expression. */
  readonly cron: string | null;
  /** Ext: the trigger's time zone. */
  readonly timezone: string | null;
  publish: Publish;
}

/** What the module named by `main` may export; at least one handler. */
export interface JobModule {
  handler?: Handler;
  handlerHttp?: HttpHandler;
  handlerMqtt?: MqttHandler;
  handlerSchedule?: ScheduleHandler;
  bootstrap?: Bootstrap;
}

export type HttpHandler = (context: HttpContext) => unknown;
export type MqttHandler = (context: MqttContext) => unknown;
export type ScheduleHandler = (context: ScheduleContext) => unknown;
export type Bootstrap = () => unknown;

/** `globalThis.jobber`, usable from any code of the module, bootstrap included. Calls reject after 10 s. */
export interface Jobber {
  /** The value, or null when absent. */
  getStore(key: string): Promise<string | null>;
  setStore(key: string, value: string, options?: StoreOptions): Promise<void>;
  /** The deleted value, or null. */
  deleteStore(key: string): Promise<string | null>;
  /** Sets the key only if its value is `expected` (null: absent); false when it was different. */
  compareAndSetStore(key: string, expected: string | null, value: string, options?: StoreOptions): Promise<boolean>;
  getStoreJson<T = unknown>(key: string): Promise<T | null>;
  setStoreJson(key: string, value: unknown, options?: StoreOptions): Promise<void>;
  deleteStoreJson<T = unknown>(key: string): Promise<T | null>;
  publish: Publish;
}

declare global {
  // eslint-disable-next-line no-var
  var jobber: Jobber;
}
