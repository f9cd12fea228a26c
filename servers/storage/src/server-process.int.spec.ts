import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { jest } from '@jest/globals';
import { runToExit } from './child-server.js';
import { freePortRange, startServerProcess } from './server-process.js';

const SCRIPT = fileURLToPath(new URL('./fake-server.script.ts', import.meta.url));

describe('a server command line run as a child process', () => {
  it('is ready once it prints where clients connect, with the environment it was given', async () => {
    const server = await startServerProcess({ script: SCRIPT, args: [], env: { FAKE_HOST: 'here' } });
    expect(server.uri).toBe(`fake://here:${server.child.pid}`);
    await server.stop();
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('SIGTERM received, stopping');
  }, 30_000);

  it('kill() ends it with SIGKILL: no shutdown code runs', async () => {
    const server = await startServerProcess({ script: SCRIPT, args: [] });
    await server.kill();
    expect(await server.exited).toBe('SIGKILL');
    expect(server.output()).not.toContain('stopping');
  }, 30_000);

  it('rejects with its output when it exits before it is ready', async () => {
    await expect(startServerProcess({ script: SCRIPT, args: ['--fail'] })).rejects.toThrow(
      /exited before it was ready; output:\ncannot start: --fail given/,
    );
  }, 30_000);

  it('rejects at the deadline when it never gets ready', async () => {
    const failure = await startServerProcess({
      script: SCRIPT,
      args: ['--silent'],
      readyTimeoutMs: 3_000,
    }).catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/not ready within 3000 ms/);
  }, 30_000);

  it('runToExit gives the exit code and output, interrupting on a line when asked', async () => {
    expect(await runToExit({ script: SCRIPT, args: ['--fail'] })).toEqual({
      code: 3,
      output: 'cannot start: --fail given\n',
    });
    const interrupted = await runToExit({ script: SCRIPT, args: [], interruptOn: /connect with/ });
    expect(interrupted.code).toBe(0);
    expect(interrupted.output).toContain('SIGINT received, stopping');
  }, 30_000);
});

describe('freePortRange', () => {
  const listen = (port: number) =>
    new Promise<net.Server>((resolve, reject) => {
      const server = net.createServer().once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve(server));
    });

  it('gives consecutive ports that can all be listened on, below the range the OS hands out', async () => {
    const base = await freePortRange(15);
    expect(base).toBeGreaterThanOrEqual(20_000);
    expect(base + 14).toBeLessThan(32_768);
    const servers = await Promise.all(Array.from({ length: 15 }, (_, i) => listen(base + i)));
    await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  });

  it('skips a block where a port is taken', async () => {
    const span = 32_768 - 15 - 20_000;
    const first = 20_000 + Math.floor(0.5 * span);
    const taken = await listen(first + 3).catch(() => undefined); // or taken already: as good
    jest.spyOn(Math, 'random').mockReturnValueOnce(0.5).mockReturnValueOnce(0.25);
    try {
      const base = await freePortRange(15);
      expect(base).not.toBe(first);
      const servers = await Promise.all(Array.from({ length: 15 }, (_, i) => listen(base + i)));
      await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
    } finally {
      jest.restoreAllMocks();
      await new Promise((done) => (taken ? taken.close(done) : done(undefined)));
    }
  });
});
