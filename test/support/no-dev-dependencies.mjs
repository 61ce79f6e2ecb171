// Loaded with `node --import` before the compiled gateway: any import the gateway's own code (dist/)
// makes of a devDependency fails, as it would after `npm ci --omit=dev`.
import { register } from 'node:module';

register('./no-dev-dependencies-hooks.mjs', import.meta.url);
