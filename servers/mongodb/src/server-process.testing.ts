import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { type ChildServer, startChildServer } from '@embedded-servers/storage';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
/** What `npm run mongodb` prints once it listens (recovery runs before it listens). */
const LISTENING = /connect with (mongodb:\/\/\S+)/;

/** A port nobody listens on right now (the OS picks it; it is closed again at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** The CLI (`npm run mongodb`) running as a real child process on a data directory. */
export class ServerProcess {
  private constructor(private readonly server: ChildServer) {}

  /** Restarts on the same port keep the clients' URI: a port is given, not picked by the server. */
  static async start(port: number, dataDir: string, deadlineMs = 20_000): Promise<ServerProcess> {
    const server = await startChildServer({
      script: MAIN,
      args: ['--port', String(port), '--data-dir', dataDir],
      ready: LISTENING,
      readyTimeoutMs: deadlineMs,
    });
    return new ServerProcess(server);
  }

  get uri(): string {
    return this.server.ready[1]!;
  }

  get log(): string {
    return this.server.output();
  }

  /** SIGKILL: no shutdown code runs, as in a power cut of the process. Resolves once it is gone. */
  kill(): Promise<void> {
    return this.server.kill();
  }
}
