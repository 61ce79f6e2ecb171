/**
 * A parsed JSON answer (a GraphQL result's `data`, an RCI body), exactly as untyped as `Response.json()`
 * gives it. Tests read such answers to assert their shape, so restating the shape as a type first would
 * only repeat the assertion; src/ never uses this.
 */
export type Json = Awaited<ReturnType<Response['json']>>;
