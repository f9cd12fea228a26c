import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

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
  private output = '';
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    child.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get uri(): string {
    return `mongodb://127.0.0.1:${this.port}`;
  }

  get log(): string {
    return this.output;
  }

  /** Starts the server and resolves once it accepts connections (recovery runs before it listens). */
  static async start(port: number, dataDir: string, deadlineMs = 20_000): Promise<ServerProcess> {
    const child = spawn(
      process.execPath,
      ['--import', '@swc-node/register/esm-register', MAIN, '--port', String(port), '--data-dir', dataDir],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const server = new ServerProcess(child, port);
    let exit: { code: number | null } | undefined;
    void server.exited.then((e) => (exit = e));
    const deadline = Date.now() + deadlineMs;
    while (!(await canConnect(port))) {
      if (exit) throw new Error(`server exited (${exit.code}) before listening:\n${server.output}`);
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`server not listening after ${deadlineMs} ms:\n${server.output}`);
      }
      await new Promise((r) => setTimeout(r, 25)); // poll interval, bounded by the deadline above
    }
    return server;
  }

  /** SIGKILL: no shutdown code runs, as in a power cut of the process. Resolves once it is gone. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
