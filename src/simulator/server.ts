/**
 * The HTTP side of the simulator (node:http): the base path, body limits, authentication, routing,
 * content negotiation, and the test knobs (latency, fault injection, request log). Operations
 * themselves are in handlers.ts; this file only decides whether and how a request reaches them.
 *
 * Checks run in the order a JAX-RS server such as RCI applies them: authentication, then the path
 * (404) and method (405), then `Accept` (406) and `Content-Type` (415), then the operation (ids,
 * body, validation).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { timingSafeEqual } from 'node:crypto';
import { createDataSet } from './data/dataset.js';
import { Handlers } from './handlers.js';
import type { FaultRule, LoggedRequest, SimulatorOptions } from './options.js';
import { seededRandom, type Random } from './random.js';
import { badRequest, RciError, textReply, type Reply } from './replies.js';
import { buildRoutes, matchRoute, pathSegments, type Method } from './routes.js';
import type { Store } from './store.js';

export const BASE_PATH = '/RI/rci';
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const METHODS: readonly string[] = ['GET', 'POST', 'PUT', 'DELETE'];
const ROUTES = buildRoutes();

interface FaultState {
  rule: FaultRule;
  injected: number;
}

export class Simulator {
  readonly requests: LoggedRequest[] = [];
  private store!: Store;
  private handlers!: Handlers;
  private ids!: Random;
  private readonly knobs: Random;
  private faults: FaultState[] = [];
  private latency: SimulatorOptions['latency'];
  private readonly maxBodyBytes: number;
  private readonly seed: number;

  constructor(private readonly options: SimulatorOptions = {}) {
    if (options.writeStatus !== undefined && options.writeStatus !== 201 && options.writeStatus !== 204) {
      throw new Error(`writeStatus must be 201 or 204, not ${String(options.writeStatus)}`);
    }
    this.seed = options.data?.seed ?? 1;
    this.knobs = seededRandom(this.seed ^ 0x5eed);
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.setFaults(options.faults ?? []);
    this.setLatency(options.latency);
    this.reset();
  }

  /** Rebuilds the initial data set; its ids come from the seed, so they are the same every time. */
  reset(): void {
    this.store = createDataSet({ scale: this.options.data?.scale ?? 0, seed: this.seed });
    this.ids = seededRandom(this.seed ^ 0x1d5);
    this.handlers = new Handlers(this.store, {
      writeStatus: this.options.writeStatus ?? 204,
      userGroupRemovalMessage: this.options.userGroupRemovalMessage ?? true,
      newId: () => this.ids.hexId(),
      now: () => new Date(),
    });
  }

  setFaults(rules: FaultRule[]): void {
    for (const rule of rules) checkFaultRule(rule);
    this.faults = rules.map((rule) => ({ rule, injected: 0 }));
  }

  setLatency(latency: SimulatorOptions['latency']): void {
    if (latency && !(latency.fixedMs >= 0 && (latency.jitterMs ?? 0) >= 0))
      throw new Error('Latency must not be negative');
    this.latency = latency;
  }

  readonly listener = (req: IncomingMessage, res: ServerResponse): void => {
    this.serve(req, res).catch(() => {
      // Never let one request take the server down: answer 500 if still possible, else drop it.
      if (!res.headersSent) send(res, textReply(500, 'HTTP 500 Internal Server Error'));
      else res.destroy();
    });
  };

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const below =
      rawPath === BASE_PATH ? '' : rawPath.startsWith(`${BASE_PATH}/`) ? rawPath.slice(BASE_PATH.length) : undefined;
    const method = req.method ?? 'GET';
    const entry: LoggedRequest = {
      method,
      path: below ?? rawPath,
      query: q < 0 ? '' : rawUrl.slice(q + 1),
      ...definedHeaders(req),
    };
    if (this.options.requestLog ?? true) {
      this.requests.push(entry);
      res.on('finish', () => (entry.status = res.statusCode));
    }

    const body = await readBody(req, this.maxBodyBytes);
    if (body.text) entry.body = body.text;
    if (this.latency) {
      entry.delayMs = this.latency.fixedMs + this.knobs.next() * (this.latency.jitterMs ?? 0);
      await sleep(entry.delayMs);
    }

    const fault = this.fault(method, entry.path);
    if (fault?.delayMs) {
      entry.delayMs = (entry.delayMs ?? 0) + fault.delayMs;
      await sleep(fault.delayMs);
    }
    if (fault?.drop === 'before') return void res.destroy();
    if (fault?.answerBytes !== undefined) return streamLargeAnswer(res, fault.answerBytes, entry);
    if (fault?.status !== undefined) return send(res, textReply(fault.status, `Injected fault: HTTP ${fault.status}`));

    const reply = body.tooLarge
      ? textReply(413, `HTTP 413 Payload Too Large: the body exceeds ${this.maxBodyBytes} bytes`)
      : this.answer(req, method, below, entry.query, body.text);
    if (fault?.drop === 'after') return void res.destroy();
    send(res, reply);
  }

  private answer(
    req: IncomingMessage,
    method: string,
    below: string | undefined,
    rawQuery: string,
    bodyText: string,
  ): Reply {
    try {
      const denied = this.authenticate(req.headers.authorization, method);
      if (denied) return denied;
      const match = below === undefined ? undefined : matchRoute(ROUTES, pathSegments(below));
      if (!match) return textReply(404, 'HTTP 404 Not Found');
      if (!match.route.methods.includes(method as Method)) {
        return textReply(405, 'HTTP 405 Method Not Allowed', { allow: match.route.methods.join(', ') });
      }
      // GET answers JSON only; POST answers its id as text/html; PUT and DELETE answer nothing (or JSON).
      const answerable = method === 'GET' ? ['application/json'] : ['application/json', 'text/html'];
      if (!accepts(req.headers.accept, answerable)) {
        return textReply(
          406,
          `HTTP 406 Not Acceptable: this RCI simulator answers ${answerable.join(' or ')} only (XML is not supported)`,
        );
      }
      if ((method === 'POST' || method === 'PUT') && mediaType(req.headers['content-type']) !== 'application/json') {
        return textReply(415, 'HTTP 415 Unsupported Media Type: send the body as Content-Type: application/json');
      }
      return this.handlers.handle(match.route, method as Method, match.params, rawQuery, () => parseJson(bodyText));
    } catch (error) {
      if (error instanceof RciError) return textReply(error.status, error.message, error.headers);
      throw error;
    }
  }

  /** A 401 or 403 answer when the request may not proceed; undefined when it may. */
  private authenticate(header: string | undefined, method: string): Reply | undefined {
    const users = this.options.auth?.users;
    if (!users) return undefined;
    const credentials = /^Basic\s+(\S+)\s*$/i.exec(header ?? '');
    const decoded = credentials ? Buffer.from(credentials[1], 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const user =
      colon > 0 &&
      users.find(
        (u) => sameText(u.username, decoded.slice(0, colon)) && sameText(u.password, decoded.slice(colon + 1)),
      );
    if (!user) return textReply(401, 'HTTP 401 Unauthorized', { 'www-authenticate': 'Basic realm="RCI"' });
    if (user.readOnly && METHODS.includes(method) && method !== 'GET') return textReply(403, 'HTTP 403 Forbidden');
    return undefined;
  }

  private fault(method: string, path: string): FaultRule | undefined {
    for (const state of this.faults) {
      const { rule } = state;
      if (rule.method && rule.method.toUpperCase() !== method) continue;
      if (rule.path !== undefined && !pathMatches(rule.path, path)) continue;
      if (rule.times !== undefined && state.injected >= rule.times) continue;
      if (this.knobs.next() >= (rule.rate ?? 1)) continue;
      state.injected++;
      return rule;
    }
    return undefined;
  }
}

/** Throws when a fault rule cannot be applied, saying why. */
export function checkFaultRule(rule: FaultRule): void {
  if (rule.rate !== undefined && !(rule.rate >= 0 && rule.rate <= 1))
    throw new Error('A fault rate must be within 0..1');
  const outcomes = [rule.status, rule.drop, rule.answerBytes].filter((o) => o !== undefined).length;
  if (outcomes > 1 || (outcomes === 0 && rule.delayMs === undefined))
    throw new Error('A fault rule needs one of status, drop and answerBytes, or a delayMs alone');
  if (rule.delayMs !== undefined && !(rule.delayMs >= 0)) throw new Error('A fault delay must not be negative');
  if (rule.answerBytes !== undefined && !(Number.isInteger(rule.answerBytes) && rule.answerBytes >= 2))
    throw new Error('answerBytes must be a whole number of at least 2');
}

function definedHeaders(
  req: IncomingMessage,
): Pick<LoggedRequest, 'authorization' | 'contentType' | 'accept' | 'traceparent'> {
  const out: Pick<LoggedRequest, 'authorization' | 'contentType' | 'accept' | 'traceparent'> = {};
  if (req.headers.authorization !== undefined) out.authorization = req.headers.authorization;
  if (req.headers['content-type'] !== undefined) out.contentType = req.headers['content-type'];
  if (req.headers.accept !== undefined) out.accept = req.headers.accept;
  if (typeof req.headers.traceparent === 'string') out.traceparent = req.headers.traceparent;
  return out;
}

function pathMatches(pattern: RegExp | string, path: string): boolean {
  if (typeof pattern === 'string') {
    const prefix = pattern.endsWith('/') ? pattern.slice(0, -1) : pattern;
    return path === prefix || path.startsWith(`${prefix}/`);
  }
  pattern.lastIndex = 0;
  return pattern.test(path);
}

function sameText(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

const mediaType = (header: string | undefined): string => (header ?? '').split(';')[0].trim().toLowerCase();

/** Whether an `Accept` header allows one of `types`; no header (or an empty one) allows anything. */
export function accepts(header: string | undefined, types: readonly string[]): boolean {
  if (!header?.trim()) return true;
  return header.split(',').some((range) => {
    const [media, ...params] = range.split(';').map((p) => p.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    if (q !== undefined && !(Number(q.slice(2)) > 0)) return false;
    const [type, subtype] = media.split('/');
    return types.some((t) => {
      const [tt, ts] = t.split('/');
      return (type === '*' || type === tt) && (subtype === '*' || subtype === ts);
    });
  });
}

function parseJson(text: string): unknown {
  if (!text.trim()) throw badRequest('The request body is empty: expected a JSON object');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest(`Malformed JSON: ${(error as Error).message}`);
  }
}

/**
 * Reads the body up to `limit` bytes. Past the limit it stops keeping data and resolves at once, so the
 * 413 goes out promptly; Node discards the rest of the upload after the answer.
 */
function readBody(req: IncomingMessage, limit: number): Promise<{ text: string; tooLarge: boolean }> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) {
    req.resume();
    return Promise.resolve({ text: '', tooLarge: true });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (tooLarge: boolean): void => {
      if (done) return;
      done = true;
      resolve({ text: tooLarge ? '' : Buffer.concat(chunks).toString('utf8'), tooLarge });
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) finish(true);
      else chunks.push(chunk);
    });
    req.on('end', () => finish(false));
    // A client that goes away gets no answer anyway (the socket is gone); nothing is left to limit.
    req.on('error', () => finish(false));
    req.on('close', () => finish(false));
  });
}

/** One item of a large answer: a user summary as `GET /users` answers it, with the comma before it. */
const ITEM = `,${JSON.stringify({ id: 'E936C474B22311D38FBE0090279A922E', firstName: 'John', surname: 'Doe' })}`;
/** Items written at a time: about 64 KiB. */
const ITEMS_PER_CHUNK = Math.floor(65_536 / ITEM.length);

/**
 * Answers a JSON list of at most `bytes` bytes (as many items as fit, padded with spaces), chunk after chunk
 * as the client reads them, so that neither side needs to hold it whole; the log entry counts what was
 * handed to the connection. A client that closes the connection stops it.
 */
async function streamLargeAnswer(res: ServerResponse, bytes: number, entry: LoggedRequest): Promise<void> {
  if (res.destroyed) return;
  res.writeHead(200, { 'content-type': 'application/json' });
  const closed = new Promise<void>((resolve) => res.once('close', resolve));
  entry.bytesWritten = 0;
  const write = (text: string) => {
    entry.bytesWritten! += text.length;
    return res.write(text);
  };
  // `[` and `]` around the items; the first item has no comma, and a space takes its place.
  let items = Math.floor((bytes - 2) / ITEM.length);
  const padding = bytes - 2 - items * ITEM.length;
  write(items > 0 ? `[ ${ITEM.slice(1)}` : '[');
  items--;
  while (items > 0 && !res.destroyed) {
    const count = Math.min(items, ITEMS_PER_CHUNK);
    items -= count;
    if (!write(ITEM.repeat(count))) await Promise.race([once(res, 'drain'), closed]);
  }
  if (res.destroyed) return;
  entry.bytesWritten += padding + 1;
  res.end(`${' '.repeat(padding)}]`);
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string | number> = { ...reply.headers };
  // 204 must carry neither a body nor a Content-Length.
  if (reply.status !== 204) headers['content-length'] = Buffer.byteLength(reply.body);
  res.writeHead(reply.status, headers);
  res.end(reply.status === 204 ? undefined : reply.body);
}
