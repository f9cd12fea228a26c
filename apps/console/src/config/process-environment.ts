import type { Environment } from './console.config.js';

/** The only place the console reads process.env: main.ts hands it to the factory. */
export function processEnvironment(): Environment {
  return { ...process.env };
}
