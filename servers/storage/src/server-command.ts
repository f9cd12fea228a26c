import {
  ExitCode,
  parseServerOptions,
  usage,
  UsageError,
  type ServerCommandSpec,
  type ServerOptions,
} from './server-options.js';

/** A started server, as a command line needs it. */
export interface RunningServer {
  /** Where clients connect: printed as `connect with <uri>` once the server listens. */
  readonly uri: string;
  stop(): Promise<void>;
}

export interface ServerCommand<S extends RunningServer> extends ServerCommandSpec {
  /** Starts the server from the parsed options; throws a `UsageError` for a bad flag of its own. */
  start(options: ServerOptions, log: (line: string) => void): Promise<S>;
}

/**
 * A server's main: reads its options, starts it, prints `connect with <uri>` and stops it
 * cleanly on SIGINT or SIGTERM, ending with an `ExitCode`. The same for both servers, so a
 * launcher or a supervisor treats them alike.
 */
export async function runServerCommand<S extends RunningServer>(
  command: ServerCommand<S>,
  argv: readonly string[] = process.argv.slice(2),
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<never> {
  const log = (line: string): void => console.log(`${new Date().toISOString()} [${command.name}] ${line}`);
  // Handlers first: a supervisor may signal the moment it sees the connection line, or while the
  // server starts; the server is then stopped cleanly as soon as it has started.
  let requestStop: () => void = () => undefined;
  const stopRequested = new Promise<void>((resolve) => (requestStop = resolve));
  let stopping = false;
  const onSignal = (signal: string): void => {
    // A second signal while stopping changes nothing: the first one finishes the job.
    if (stopping) return;
    stopping = true;
    log(`${signal} received, stopping`);
    requestStop();
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  let server: S;
  try {
    const options = parseServerOptions(argv, env, command);
    if (options.help) {
      console.log(usage(command));
      return process.exit(ExitCode.stopped);
    }
    server = await command.start(options, log);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n${usage(command)}`);
      return process.exit(ExitCode.usage);
    }
    log(`failed to start: ${error instanceof Error ? error.message : String(error)}`);
    return process.exit(ExitCode.failed);
  }
  if (!stopping) log(`connect with ${server.uri}`);
  await stopRequested;
  try {
    await server.stop();
  } catch (error) {
    log(`stopping failed: ${error instanceof Error ? error.message : String(error)}`);
    return process.exit(ExitCode.failed);
  }
  log('stopped');
  return process.exit(ExitCode.stopped);
}
