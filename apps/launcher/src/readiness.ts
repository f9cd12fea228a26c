import { get } from 'node:http';
import { connect, createServer } from 'node:net';

/** Answers whether something is ready now; never throws. */
export type ReadinessProbe = () => Promise<boolean>;

/**
 * An app is ready when its GET /ready answers 200. node:http rather than fetch: the launcher
 * lives as long as the system, and fetch's client would cost it ~20 MB more.
 */
export const httpReady =
  (url: string): ReadinessProbe =>
  () =>
    new Promise((done) => {
      const request = get(url, { timeout: 2_000 }, (response) => {
        response.resume();
        done(response.statusCode === 200);
      });
      request.once('timeout', () => request.destroy());
      request.once('error', () => done(false));
    });

/** A server is ready when it accepts connections. */
export const acceptsConnections =
  (host: string, port: number): ReadinessProbe =>
  () =>
    new Promise((done) => {
      const socket = connect({ host, port });
      socket.once('connect', () => (socket.destroy(), done(true)));
      socket.once('error', () => (socket.destroy(), done(false)));
    });

/** Polls `probe` until it is ready (true), `gaveUp()` says stop (false), or the deadline passes (false). */
export async function waitUntilReady(
  probe: ReadinessProbe,
  timeoutMs: number,
  gaveUp: () => boolean,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!gaveUp()) {
    if (await probe()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** Whether nothing listens on host:port yet (so a readiness probe there can only reach ours). */
export const portIsFree = (host: string, port: number): Promise<boolean> =>
  new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, host, () => server.close(() => done(true)));
  });
