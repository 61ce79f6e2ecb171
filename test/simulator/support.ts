/** Helpers for the simulator's tests: talk to it over HTTP as an RCI client would. */
import { afterAll, beforeAll } from 'vitest';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/simulator/index.js';
import type { Json } from '../support/json.js';

export interface Answer {
  status: number;
  /** The media type without parameters, e.g. `application/json`. */
  type: string;
  headers: Headers;
  text: string;
  json<T = Json>(): T;
}

export interface CallOptions {
  /** Sent as JSON (with `Content-Type: application/json`) unless `raw` is given. */
  body?: unknown;
  /** Sent as is. */
  raw?: string;
  headers?: Record<string, string>;
}

export async function call(base: string, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { accept: method === 'POST' ? 'text/html' : 'application/json' };
  let body: string | undefined = options.raw;
  if (options.body !== undefined && body === undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const response = await fetch(`${base}${path}`, { method, headers: { ...headers, ...options.headers }, body });
  const text = await response.text();
  return {
    status: response.status,
    type: (response.headers.get('content-type') ?? '').split(';')[0].trim(),
    headers: response.headers,
    text,
    json: () => JSON.parse(text),
  };
}

/** A simulator for one test file: started before its tests, closed after them. */
export function useSimulator(options: SimulatorOptions = {}) {
  const handle = {} as { sim: RunningSimulator };
  beforeAll(async () => {
    handle.sim = await startSimulator(options);
  });
  afterAll(async () => {
    await handle.sim?.close();
  });
  const client = {
    get sim(): RunningSimulator {
      return handle.sim;
    },
    call: (method: string, path: string, options?: CallOptions) => call(handle.sim.url, method, path, options),
    get: (path: string, options?: CallOptions) => call(handle.sim.url, 'GET', path, options),
    post: (path: string, body: unknown, options?: CallOptions) =>
      call(handle.sim.url, 'POST', path, { body, ...options }),
    put: (path: string, body: unknown, options?: CallOptions) =>
      call(handle.sim.url, 'PUT', path, { body, ...options }),
    del: (path: string, options?: CallOptions) => call(handle.sim.url, 'DELETE', path, options),
    /** GET that must answer 200; returns the parsed JSON. */
    async json<T = Json>(path: string): Promise<T> {
      const answer = await call(handle.sim.url, 'GET', path);
      if (answer.status !== 200) throw new Error(`GET ${path} answered ${answer.status}: ${answer.text}`);
      return answer.json<T>();
    },
  };
  return client;
}

export const GUID = /^[0-9A-F]{32}$/;
