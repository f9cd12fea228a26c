import { type ChildProcess, spawn } from 'node:child_process';
import { testEventStore, type TestServer } from '@ledger/testing';
import { API_KEYS } from './command-api.harness.js';

/** `npm run start:command-api` as a real process: decorators under swc-node, config, shutdown. */
describe('main.ts', () => {
  let store: TestServer;
  beforeAll(async () => {
    store = await testEventStore();
  });
  afterAll(async () => {
    await store.stop();
  });

  it('serves commands, then closes cleanly on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', '@swc-node/register/esm-register', 'apps/command-api/src/main.ts'],
      {
        env: {
          ...process.env,
          API_KEYS,
          EVENTSTORE_CONNECTION_STRING: store.url,
          COMMAND_API_PORT: '0',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const output = collect(child);
    try {
      const url = await waitFor(() => /"url":"(http:\/\/[^"]+)"/.exec(output.text)?.[1], 30_000, output);
      const ready = await fetch(`${url}/ready`);
      expect(ready.status).toBe(200);
      const opened = await fetch(`${url}/accounts`, {
        method: 'POST',
        headers: { authorization: 'Bearer client-key-for-tests', 'content-type': 'application/json' },
        body: JSON.stringify({ ownerId: '0b6f4a3e-0000-4000-8000-000000000000', currency: 'EUR' }),
      });
      expect(opened.status).toBe(201);

      child.kill('SIGTERM');
      const exit = await new Promise<{ code: number | null; signal: string | null }>((resolve) =>
        child.once('exit', (code, signal) => resolve({ code, signal })),
      );
      expect(exit).toEqual({ code: 0, signal: null });
      expect(output.text).toContain('event store client closed');
      expect(output.text).toMatch(/"msg":"closed","signal":"SIGTERM"/);
      expect(output.text).not.toMatch(/"level":"error"/);
      expect(output.text).not.toContain('client-key-for-tests');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});

function collect(child: ChildProcess): { text: string } {
  const output = { text: '' };
  child.stdout?.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
  return output;
}

async function waitFor<T>(
  probe: () => T | undefined,
  timeoutMs: number,
  output: { text: string },
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out; output so far:\n${output.text}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
