import { join } from 'node:path';
import { parseArgs } from 'node:util';

/** How both servers' command lines end; each README lists them. */
export const ExitCode = {
  /** Stopped cleanly on SIGINT or SIGTERM (or `--help`). */
  stopped: 0,
  /** Could not start (port taken, data directory in use or unreadable) or could not stop cleanly. */
  failed: 1,
  /** A bad command line or environment variable: nothing was started. */
  usage: 2,
} as const;

/** A bad flag or variable: the server prints it with its usage and exits with `ExitCode.usage`. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** What sets one server's command line apart from the other's. */
export interface ServerCommandSpec {
  /** `eventstore`, `mongodb`: the npm script, the log prefix and the folder under `DATA_DIR`. */
  name: string;
  defaultPort: number;
  /** The environment variable that sets the port when `--port` is not given. */
  portVariable: string;
  /** Flags of this server only, each taking a value, with its default. */
  extraFlags?: Readonly<Record<string, { default: string; help: string }>>;
}

export interface ServerOptions {
  host: string;
  port: number;
  dataDir: string;
  memory: boolean;
  help: boolean;
  /** Values of `extraFlags`, as given (each server checks its own). */
  extra: Record<string, string>;
}

/**
 * Reads `--host`, `--port`, `--data-dir`, `--memory` (and the server's own flags) with
 * `node:util` parseArgs. Defaults: 127.0.0.1, the port variable or the server's port, and
 * `<DATA_DIR or data>/<name>`. With `--memory` nothing is written, `--data-dir` included.
 */
export function parseServerOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  spec: ServerCommandSpec,
): ServerOptions {
  const extraFlags = Object.entries(spec.extraFlags ?? {});
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string' },
        'data-dir': { type: 'string', default: join(env['DATA_DIR'] || 'data', spec.name) },
        memory: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        ...Object.fromEntries(
          extraFlags.map(([flag, { default: value }]) => [flag, { type: 'string', default: value }]),
        ),
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const portVariable = env[spec.portVariable];
  const port =
    values.port !== undefined
      ? parsePort(values.port as string, '--port')
      : portVariable
        ? parsePort(portVariable, spec.portVariable)
        : spec.defaultPort;
  const host = values.host as string;
  if (host === '') throw new UsageError('Invalid --host: empty');
  const dataDir = values['data-dir'] as string;
  if (dataDir === '') throw new UsageError('Invalid --data-dir: empty');
  return {
    host,
    port,
    dataDir,
    memory: values.memory as boolean,
    help: values.help as boolean,
    extra: Object.fromEntries(
      extraFlags.map(([flag]) => [flag, (values as Record<string, unknown>)[flag] as string]),
    ),
  };
}

function parsePort(text: string, source: string): number {
  const port = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(port) || port > 65_535) throw new UsageError(`Invalid ${source} '${text}'`);
  return port;
}

/** An integer flag of a server's own (`extraFlags`), within bounds. */
export function integerFlag(
  options: ServerOptions,
  flag: string,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const text = options.extra[flag]!;
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw new UsageError(`Invalid --${flag} '${text}'`);
  return value;
}

/** The usage line both servers print on `--help` and after a usage error. */
export function usage(spec: ServerCommandSpec): string {
  const extra = Object.entries(spec.extraFlags ?? {}).map(
    ([flag, { default: value, help }]) => `  ${`--${flag} <n>`.padEnd(19)}${help} (default ${value})`,
  );
  return [
    `usage: npm run ${spec.name} -- [--host 127.0.0.1] [--port ${spec.defaultPort}] [--data-dir <dir> | --memory]`,
    `  --host <address>   where to listen (default 127.0.0.1)`,
    `  --port <n>         0 picks a free port (default $${spec.portVariable}, else ${spec.defaultPort})`,
    `  --data-dir <dir>   where data is kept (default $DATA_DIR/${spec.name}, DATA_DIR defaulting to data)`,
    `  --memory           keep nothing on disk`,
    ...extra,
    `exit codes: ${ExitCode.stopped} stopped cleanly, ${ExitCode.failed} failed to start or stop, ${ExitCode.usage} bad usage`,
  ].join('\n');
}
