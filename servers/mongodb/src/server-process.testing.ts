import { fileURLToPath } from 'node:url';
import { type ServerProcess as ChildServerProcess, startServerProcess } from '@embedded-servers/storage';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

/** The CLI (`npm run mongodb`) running as a real child process on a data directory. */
export class ServerProcess {
  private constructor(private readonly server: ChildServerProcess) {}

  /** Restarts on the same port keep the clients' URI: a port is given, not picked by the server. */
  static async start(port: number, dataDir: string, deadlineMs = 20_000): Promise<ServerProcess> {
    return new ServerProcess(
      await startMongoProcess(['--port', String(port), '--data-dir', dataDir], deadlineMs),
    );
  }

  get uri(): string {
    return this.server.uri;
  }

  get log(): string {
    return this.server.output();
  }

  /** SIGKILL: no shutdown code runs, as in a power cut of the process. Resolves once it is gone. */
  kill(): Promise<void> {
    return this.server.kill();
  }
}

/** `npm run mongodb -- <args>` as a child process, once it prints where clients connect. */
export function startMongoProcess(
  args: readonly string[],
  readyTimeoutMs = 20_000,
  env?: Readonly<Record<string, string>>,
): Promise<ChildServerProcess> {
  return startServerProcess({ script: MAIN, args, readyTimeoutMs, env });
}
