import net from 'node:net';
import { type ChildServer, type ChildServerOptions, startChildServer } from './child-server.js';

/** What `runServerCommand` prints once the server listens: both servers' ready line. */
const CONNECT_WITH = /connect with (\S+)/;

/** An embedded server's `main.ts` running as a real child process. */
export interface ServerProcess extends ChildServer {
  /** Where clients connect (`esdb://…`, `mongodb://…`), as the server printed it. */
  uri: string;
}

/** Starts a server's `main.ts` and resolves once it prints where clients connect. */
export async function startServerProcess(options: Omit<ChildServerOptions, 'ready'>): Promise<ServerProcess> {
  const server = await startChildServer({ ...options, ready: CONNECT_WITH });
  return { ...server, uri: server.ready[1]! };
}

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
