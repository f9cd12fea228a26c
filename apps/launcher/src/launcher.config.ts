import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

export type Environment = Record<string, string | undefined>;

export class LauncherUsageError extends Error {
  override readonly name = 'LauncherUsageError';
}

/** What the launcher runs, read from its variables (README "Configuration") and arguments. */
export interface LauncherConfig {
  host: string;
  dataDir: string;
  /** Processes of each app. */
  replicas: number;
  ports: {
    eventstore: number;
    mongodb: number;
    commandApi: number;
    queryApi: number;
    projectors: number;
    console: number;
  };
  /** Set when EVENTSTORE_CONNECTION_STRING names a real server: no embedded one starts. */
  externalEventStore?: string;
  /** Set when MONGODB_URI names a real server: no embedded one starts. */
  externalMongo?: string;
  /** Set when API_KEYS is given: no key file is generated. */
  apiKeys?: string;
}

/** One process per app unless asked; more than this on one machine only starves the others. */
export const MAX_REPLICAS = 16;

export const LAUNCHER_USAGE = 'usage: npm start [-- --replicas N]   (N from 1 to 16)';

/**
 * The launcher's own variables and arguments, validated at once with every problem listed. The
 * apps' other variables pass through untouched and are validated by each app's own schema.
 */
export function readLauncherConfig(env: Environment, argv: readonly string[], cwd: string): LauncherConfig {
  const problems: string[] = [];
  let replicasText = '1';
  try {
    const { values } = parseArgs({ args: [...argv], options: { replicas: { type: 'string' } } });
    replicasText = values.replicas ?? '1';
  } catch (error) {
    problems.push((error as Error).message);
  }
  const replicas = wholeNumber('--replicas', replicasText, 1, MAX_REPLICAS, problems);
  const port = (name: string, fallback: number) =>
    wholeNumber(name, env[name] || String(fallback), 1, 65_535, problems);
  const config: LauncherConfig = {
    host: '127.0.0.1',
    dataDir: resolve(cwd, env.DATA_DIR || 'data'),
    replicas,
    ports: {
      eventstore: port('EVENTSTORE_PORT', 2113),
      mongodb: port('MONGODB_PORT', 27017),
      commandApi: port('COMMAND_API_PORT', 3000),
      queryApi: port('QUERY_API_PORT', 3001),
      projectors: port('PROJECTORS_PORT', 3002),
      console: port('CONSOLE_PORT', 3003),
    },
    externalEventStore: env.EVENTSTORE_CONNECTION_STRING || undefined,
    externalMongo: env.MONGODB_URI || undefined,
    apiKeys: env.API_KEYS || undefined,
  };
  if (problems.length > 0) throw new LauncherUsageError(`${problems.join('\n')}\n${LAUNCHER_USAGE}`);
  return config;
}

function wholeNumber(name: string, text: string, min: number, max: number, problems: string[]): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max))
    problems.push(`${name} must be a whole number from ${min} to ${max}, not '${text}'`);
  return value;
}
