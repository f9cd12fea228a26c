import type { Environment } from './query-api.config.js';

/** The only place the query API reads process.env: main.ts hands it to the factory. */
export function processEnvironment(): Environment {
  return { ...process.env };
}
