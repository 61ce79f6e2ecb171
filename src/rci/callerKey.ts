import { createHmac, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * The one way a caller is named outside its own request: a keyed hash (HMAC-SHA-256) of its credential.
 * The answer cache and the response cache scope their entries with it and the rate limit keys its buckets
 * with it, so none keeps a credential, readable or as a plain hash; with Redis, every process shares the secret and so
 * names a caller alike.
 */

/** Where Redis keeps the secret every process keys the hash with. */
const CALLER_SECRET_KEY = 'rci:cache:secret';

/**
 * The secret every process keys the hash with, from Redis: made by the first process that finds none
 * (`SET NX`), read by all, the answer cache's store and the rate limit alike.
 */
export async function sharedCallerSecret(redis: Redis): Promise<string> {
  await redis.set(CALLER_SECRET_KEY, randomBytes(32).toString('hex'), 'NX');
  const secret = await redis.get(CALLER_SECRET_KEY);
  if (!secret) throw new Error('Redis holds no caller secret');
  return secret;
}

/**
 * Who calls: the caller's raw credential (the forwarded `Authorization`, the service credentials, or ''
 * for none), held by that caller's request only, with its hash remembered once computed.
 */
export interface CallerScope {
  readonly identity: string;
  hash?: string;
  secret?: string;
}

/** The caller's keyed hash, computed once per caller (and again if the secret changes). */
export function callerHash(caller: CallerScope, secret: string): string {
  if (caller.hash === undefined || caller.secret !== secret) {
    caller.hash = createHmac('sha256', secret).update(caller.identity).digest('base64url');
    caller.secret = secret;
  }
  return caller.hash;
}
