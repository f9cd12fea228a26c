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

/**
 * Ports a test may pick by number. The OS hands out ports from 32768 up (Linux; 49152 on macOS
 * and Windows) to `listen(0)` and to every outgoing connection, so a port from that range that was
 * free when checked can be someone's connection a second later, which a test that restarts a
 * server on the same port then meets as EADDRINUSE. Below it, only a bind by number takes a port.
 */
const PICKED_PORTS = { from: 20_000, below: 32_768 } as const;

const canListen = (port: number) =>
  new Promise<boolean>((done) => {
    const probe = net.createServer();
    probe.once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });

/**
 * The first of `count` consecutive ports nobody listens on now, from a random base below the
 * range the OS gives out itself (so they stay free for a restart on the same port).
 */
export async function freePortRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base =
      PICKED_PORTS.from + Math.floor(Math.random() * (PICKED_PORTS.below - count - PICKED_PORTS.from));
    const free = await Promise.all(Array.from({ length: count }, (_, i) => canListen(base + i)));
    if (free.every(Boolean)) return base;
  }
  throw new Error(
    `no ${count} consecutive free ports found between ${PICKED_PORTS.from} and ${PICKED_PORTS.below}`,
  );
}

/** A port nobody listens on now, below the range the OS gives out itself: see freePortRange. */
export function freePort(): Promise<number> {
  return freePortRange(1);
}
