import { type Environment, HttpAppSettings, readAppEnvironment } from '@ledger/http';
import { ConsoleEnvironment } from './console.environment.js';

export { type Environment, InvalidConfigurationError } from '@ledger/http';

/** The validated settings the console is built from; also the DI token to read them. */
export class ConsoleSettings extends HttpAppSettings {
  port: number;
  host: string;
  eventStoreConnectionString: string;
  projectorsUrl: string;
  maxFeeds: number;
}

/** Validates the environment once, listing every problem; empty variables count as unset. */
export function validateConsoleConfig(env: Environment): ConsoleSettings {
  const { vars, common } = readAppEnvironment(ConsoleEnvironment, env, 'console');
  return Object.assign(new ConsoleSettings(), {
    ...common,
    port: vars.CONSOLE_PORT,
    host: vars.CONSOLE_HOST,
    eventStoreConnectionString: vars.EVENTSTORE_CONNECTION_STRING,
    projectorsUrl: vars.PROJECTORS_URL.replace(/\/+$/, ''),
    maxFeeds: vars.CONSOLE_MAX_FEEDS,
  });
}
