import type { Environment } from './projectors.config.js';

/** The only place the projectors app reads process.env: main.ts hands it to the factory. */
export function processEnvironment(): Environment {
  return { ...process.env };
}
