import type { Environment } from './command-api.config.js';

/** The only place the command API reads process.env: main.ts hands it to the factory. */
export function processEnvironment(): Environment {
  return { ...process.env };
}
