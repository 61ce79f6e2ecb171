import { readFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
const devOnly = new Set(
  Object.keys(manifest.devDependencies ?? {}).filter((name) => !(name in (manifest.dependencies ?? {}))),
);
const dist = new URL('../../dist/', import.meta.url).href;

/** The package a bare specifier names: `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageOf(specifier) {
  if (/^(node:|\.|\/|file:|data:)/.test(specifier)) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

export async function resolve(specifier, context, nextResolve) {
  const name = packageOf(specifier);
  if (name && devOnly.has(name) && context.parentURL?.startsWith(dist)) {
    throw new Error(`${context.parentURL} imports the devDependency ${name}`);
  }
  return nextResolve(specifier, context);
}
