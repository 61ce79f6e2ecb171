/**
 * The simulator's routes, derived from the catalogue: one route per documented path template, each with
 * the methods its operations allow. Matching works on URL-decoded path segments; a time zone id takes
 * the rest of the path, so both `/timeZones/Europe/Helsinki` and `/timeZones/Europe%2FHelsinki` work.
 */
import {
  collectionSpec,
  membershipNames,
  memberships,
  resourceNames,
  resources,
  type CollectionSpec,
  type MembershipName,
  type MembershipSpec,
  type Operation,
  type ResourceName,
} from '../rci/resources.js';
import type { Side } from './store.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** What a route addresses. */
export type Target =
  | { kind: 'collection'; collection: ResourceName }
  | { kind: 'object'; collection: ResourceName }
  | { kind: 'members'; membership: MembershipName; side: Side }
  | { kind: 'member'; membership: MembershipName; side: Side }
  /** A custom IVR's current source code version: the source code its `currentSourceCodeVersionId` names. */
  | { kind: 'currentSourceCode' };

/** A path parameter: the id of an object of `collection`. */
export interface PathParam {
  name: string;
  collection: ResourceName;
}

export interface Route {
  /** The documented path template, e.g. `/users/{userId}/roles/{roleId}` (as `allOperations()` writes it). */
  template: string;
  segments: (string | PathParam)[];
  methods: Method[];
  target: Target;
}

const collectionMethods: Partial<Record<Operation, Method>> = { list: 'GET', create: 'POST' };
const objectMethods: Partial<Record<Operation, Method>> = { get: 'GET', update: 'PUT', delete: 'DELETE' };

function route(segments: Route['segments'], methods: Method[], target: Target): Route {
  const template = '/' + segments.map((s) => (typeof s === 'string' ? s : `{${s.name}}`)).join('/');
  return { template, segments, methods, target };
}

const param = (collection: ResourceName, name?: string): PathParam => ({
  name: name ?? collectionSpec(collection).idParam!,
  collection,
});

export function buildRoutes(): Route[] {
  const routes: Route[] = [];
  for (const [name, spec] of resourceNames.map((n): [ResourceName, CollectionSpec] => [n, collectionSpec(n)])) {
    const base: Route['segments'] = spec.parent
      ? [resources[spec.parent].segment, param(spec.parent), spec.segment]
      : [spec.segment];
    const onCollection = spec.operations.flatMap((op) => collectionMethods[op] ?? []);
    const onObject = spec.operations.flatMap((op) => objectMethods[op] ?? []);
    if (onCollection.length) routes.push(route(base, onCollection, { kind: 'collection', collection: name }));
    if (onObject.length) routes.push(route([...base, param(name)], onObject, { kind: 'object', collection: name }));
  }
  routes.push(
    route(['customIvrs', param('customIvrs'), 'currentSourceCodeVersion'], ['GET'], { kind: 'currentSourceCode' }),
  );
  for (const [name, spec] of membershipNames.map((n): [MembershipName, MembershipSpec] => [n, memberships[n]])) {
    for (const side of ['a', 'b'] as const) {
      const { owner, segment, member, memberIdParam } = spec[side];
      const base = [resources[owner].segment, param(owner), segment];
      routes.push(route(base, ['GET', 'POST'], { kind: 'members', membership: name, side }));
      routes.push(
        route([...base, param(member, memberIdParam)], ['GET', 'DELETE'], { kind: 'member', membership: name, side }),
      );
    }
  }
  return routes;
}

export interface RouteMatch {
  route: Route;
  /** The path parameters' values, in path order, URL-decoded. */
  params: string[];
}

/** Splits a raw path (below the base path) into URL-decoded segments; a malformed escape stays as written. */
export function pathSegments(rawPath: string): string[] {
  return rawPath
    .split('/')
    .slice(1)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

export function matchRoute(routes: readonly Route[], segments: readonly string[]): RouteMatch | undefined {
  for (const route of routes) {
    const params: string[] = [];
    const last = route.segments[route.segments.length - 1];
    // An IANA time zone id contains slashes: it takes every remaining segment.
    const takesRest = typeof last !== 'string' && resources[last.collection].idFormat === 'ianaTimeZone';
    if (takesRest ? segments.length < route.segments.length : segments.length !== route.segments.length) continue;
    let ok = true;
    for (let i = 0; i < route.segments.length && ok; i++) {
      const expected = route.segments[i];
      if (typeof expected === 'string') ok = segments[i] === expected;
      else if (takesRest && i === route.segments.length - 1) params.push(segments.slice(i).join('/'));
      else params.push(segments[i]);
    }
    if (ok && params.every((p) => p !== '')) return { route, params };
  }
  return undefined;
}
