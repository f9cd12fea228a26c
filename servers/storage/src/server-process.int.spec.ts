import { fileURLToPath } from 'node:url';
import { runToExit } from './child-server.js';
import { startServerProcess } from './server-process.js';

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
