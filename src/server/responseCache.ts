import { createHash } from 'node:crypto';
import { getOperationAST, Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { asksForFreshData, type GatewayContext } from '../context.js';
import type { ReadRecord } from '../rci/cache/reads.js';
import type { CachedResponse, ResponseCache } from '../rci/cache/responses.js';

/**
 * HTTP caching of query answers, and the response cache in front of execution (rci/cache/responses.ts).
 *
 * - Every query answered without errors carries a strong `ETag` (a hash of its bytes) and
 *   `Cache-Control: private, no-cache`: a browser may keep it for this user only and must revalidate it;
 *   `If-None-Match` with the current ETag answers 304 with no body. Answers are per caller: never `public`.
 * - With a response cache, a request is looked up as soon as Yoga has read its parameters, before
 *   parsing, validation and execution; a hit is answered with the stored bytes. Since that is also before
 *   trusted documents and the limits are checked, the key includes them (`policy`). Only queries answered
 *   without errors are stored; an introspection-only query is stored for everyone. `Cache-Control:
 *   no-cache` skips the lookup, and the answer (read afresh from RCI) replaces the stored one.
 * - Identical requests of one caller that arrive while one of them executes wait for it and share its
 *   answer, if it could be stored.
 */

/** How the response cache served a request: answered from it, shared an execution, executed, or skipped. */
export type ResponseCacheOutcome = 'hit' | 'shared' | 'miss' | 'bypass';

export interface ResponseCachingOptions {
  /** The response cache; without it, answers still carry ETags and 304s are still answered. */
  cache?: ResponseCache;
  /** Who a request without `Authorization` is (`RciClient.serviceIdentity`): that is its scope. */
  serviceIdentity: string;
  /**
   * What decides whether a request may run (limits, trusted documents), as a string: part of every key,
   * since a kept answer is sent before those are checked. @default ''
   */
  policy?: string;
}

/** What one GraphQL request brought and did, from its parameters to its response. */
interface Exchange {
  /** Everything the request asks for: the key's material. */
  material: string;
  /** The caller's key; absent without a cache or while the store cannot be used. */
  key?: string;
  outcome?: ResponseCacheOutcome;
  /** Answered from the cache or from another request's execution: nothing left to do. */
  answered: boolean;
  /** Ends this request's execution for identical requests waiting for it. */
  settle?: (stored: CachedResponse | undefined) => void;
  /** The executed operation is a query. */
  query: boolean;
  /** Its answer depends on no caller (introspection only). */
  everyone: boolean;
  /** It was answered without errors, in one piece. */
  clean: boolean;
  reads?: ReadRecord;
}

const exchanges = new WeakMap<Request, Exchange>();

/** How the response cache served a request (for the request log and metrics); `undefined` when not at all. */
export function responseCacheOutcome(request: Request): ResponseCacheOutcome | undefined {
  return exchanges.get(request)?.outcome;
}

const CACHE_CONTROL = 'private, no-cache';
const FRAMING = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);
const INTROSPECTION = new Set(['__schema', '__type', '__typename']);

export function useResponseCaching(options: ResponseCachingOptions): Plugin {
  const { cache, serviceIdentity, policy = '' } = options;

  /** The stored answer of this request, or of an identical one in flight; otherwise it executes. */
  async function answerFromCache(request: Request, exchange: Exchange): Promise<CachedResponse | undefined> {
    if (!cache) return undefined;
    const caller = { identity: request.headers.get('authorization') ?? serviceIdentity };
    exchange.key = cache.key(caller, exchange.material);
    if (exchange.key === undefined) return undefined;
    if (asksForFreshData(request)) {
      exchange.outcome = 'bypass';
      return undefined;
    }
    exchange.outcome = 'miss';
    // Joining or registering comes before the first wait, so identical requests arriving together
    // always find each other.
    const flight = cache.inFlight(exchange.key);
    if (flight) {
      const shared = await flight;
      if (shared) {
        exchange.outcome = 'shared';
        return shared;
      }
    }
    if (!cache.inFlight(exchange.key)) exchange.settle = cache.begin(exchange.key);
    let stored: CachedResponse | undefined;
    try {
      stored =
        (await cache.get(exchange.key)) ??
        (mayBeIntrospection(exchange.material) ? await everyone(exchange) : undefined);
    } catch (error) {
      exchange.settle?.(undefined);
      throw error;
    }
    if (!stored) return undefined;
    exchange.outcome = 'hit';
    exchange.settle?.(stored);
    return stored;
  }

  async function everyone(exchange: Exchange): Promise<CachedResponse | undefined> {
    const key = cache!.key('everyone', exchange.material);
    return key === undefined ? undefined : cache!.get(key);
  }

  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      if (!requestParser) return;
      const parse = requestParser;
      setRequestParser(async (parsing) => {
        const params = await parse(parsing);
        // Batches and answers of the parser itself are left alone.
        if (Array.isArray(params) || isResponse(params)) return params;
        const exchange: Exchange = {
          // The whole parameters (unknown ones too, which Yoga refuses) and the media types the caller accepts.
          material: `${policy}\n${JSON.stringify(params)}\n${request.headers.get('accept') ?? ''}`,
          answered: false,
          query: false,
          everyone: false,
          clean: false,
        };
        exchanges.set(request, exchange);
        const stored = await answerFromCache(request, exchange);
        if (!stored) return params;
        exchange.answered = true;
        return answer(fetchAPI, stored, request);
      });
    },
    onExecute({ args }) {
      const context = args.contextValue as Partial<GatewayContext> & { request?: Request };
      const exchange = context.request && exchanges.get(context.request);
      if (!exchange) return;
      const document = args.document as DocumentNode;
      const operation = getOperationAST(document, args.operationName as string | undefined);
      exchange.query = String(operation?.operation) === 'query';
      if (!exchange.query) {
        // Mutations are never stored, and identical ones never wait for each other.
        exchange.outcome = undefined;
        exchange.settle?.(undefined);
        return;
      }
      exchange.everyone = operation != null && onlyIntrospection(document, operation.selectionSet, new Set());
      exchange.reads = context.reads;
      return {
        onExecuteDone({ result }) {
          exchange.clean = !isAsyncIterable(result) && !result.errors?.length;
        },
      };
    },
    async onResponse(payload) {
      const { request, response, fetchAPI } = payload;
      const exchange = exchanges.get(request);
      if (!exchange || exchange.answered) return;
      if (!exchange.query || !exchange.clean || response.status !== 200) {
        exchange.settle?.(undefined);
        return;
      }
      let saved: CachedResponse | undefined;
      try {
        const body = await response.text();
        const stored = {
          body,
          contentType: response.headers.get('content-type') ?? 'application/json',
          etag: etagOf(body),
        };
        const key = exchange.everyone && cache ? cache.key('everyone', exchange.material) : exchange.key;
        if (cache && key !== undefined && exchange.reads && (await cache.save(key, exchange.reads, stored))) {
          saved = stored;
        }
        payload.setResponse(answer(fetchAPI, stored, request, response.headers));
      } finally {
        exchange.settle?.(saved);
      }
    },
  };
}

/** The answer to send: the stored bytes, or 304 when the caller already holds them. */
function answer(
  fetchAPI: { Response: typeof Response; Headers: typeof Headers },
  stored: CachedResponse,
  request: Request,
  base?: Headers,
): Response {
  const headers = new fetchAPI.Headers();
  // The stored bytes are sent whole: the executed answer's framing (a multipart answer is sent chunked)
  // does not apply to them, and a length with chunked framing is an invalid HTTP/1.1 response. The
  // headers are copied one by one: a copy made with `new Headers(base)` still sent the multipart answer's
  // `Transfer-Encoding` after delete().
  base?.forEach((value, name) => {
    if (!FRAMING.has(name.toLowerCase())) headers.set(name, value);
  });
  headers.set('etag', stored.etag);
  headers.set('cache-control', CACHE_CONTROL);
  if (holds(request.headers.get('if-none-match'), stored.etag)) {
    headers.delete('content-type');
    return new fetchAPI.Response(null, { status: 304, headers });
  }
  headers.set('content-type', stored.contentType);
  return new fetchAPI.Response(stored.body, { status: 200, headers });
}

/** A quoted hash of the bytes: equal ETags mean equal bodies, whoever asked. */
function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url')}"`;
}

/** `If-None-Match`: a list of (possibly weak) ETags, or `*`. */
function holds(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

/** A document that may select only introspection; the precise check is made once it is parsed. */
function mayBeIntrospection(material: string): boolean {
  return material.includes('__schema') || material.includes('__type');
}

/** True when every root field the selection reaches is `__schema`, `__type` or `__typename`. */
function onlyIntrospection(document: DocumentNode, selectionSet: SelectionSetNode, seen: Set<string>): boolean {
  return selectionSet.selections.every((selection) => {
    if (selection.kind === Kind.FIELD) return INTROSPECTION.has(selection.name.value);
    if (selection.kind === Kind.INLINE_FRAGMENT) return onlyIntrospection(document, selection.selectionSet, seen);
    const name = selection.name.value;
    const fragment = document.definitions.find(
      (d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === name,
    );
    if (!fragment || seen.has(name)) return false;
    return onlyIntrospection(document, fragment.selectionSet, new Set([...seen, name]));
  });
}

function isResponse(value: unknown): value is Response {
  return typeof value === 'object' && value !== null && 'status' in value && 'headers' in value;
}
