import { type ChildProcess, spawn } from 'node:child_process';
import { testDatabaseName, testEventStore, testMongo, type TestServer } from '@ledger/testing';
import { API_KEYS, eventually, OPERATOR_KEY } from './projectors.harness.js';

const MAIN = ['--import', '@swc-node/register/esm-register', 'apps/projectors/src/main.ts'];

/** `npm run start:projectors` as a real process: decorators under swc-node, config, shutdown. */
describe('main.ts', () => {
  let store: TestServer;
  let mongo: TestServer;
  beforeAll(async () => {
    [store, mongo] = await Promise.all([testEventStore(), testMongo()]);
  });
  afterAll(async () => {
    await Promise.all([store.stop(), mongo.stop()]);
  });

  it('serves its endpoints, then stops the consumers and closes both clients on SIGTERM', async () => {
    const child = spawn(process.execPath, MAIN, {
      env: {
        ...process.env,
        API_KEYS,
        EVENTSTORE_CONNECTION_STRING: store.url,
        MONGODB_URI: mongo.url,
        MONGODB_DATABASE: testDatabaseName('projectors-main'),
        PROJECTORS_PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = collect(child);
    try {
      const url = await eventually(
        () => /"url":"(http:\/\/[^"]+)"/.exec(output.text)?.[1],
        'listening',
        30_000,
      );
      expect((await fetch(`${url}/ready`)).status).toBe(200);
      const status = await fetch(`${url}/status`, { headers: { authorization: `Bearer ${OPERATOR_KEY}` } });
      expect(status.status).toBe(200);
      // The default instance id is the host name and the process id.
      expect(await status.json()).toMatchObject({ instanceId: expect.stringMatching(/-\d+$/) });

      child.kill('SIGTERM');
      expect(await exited(child)).toEqual({ code: 0, signal: null });
      expect(output.text).toContain('event store client closed');
      expect(output.text).toContain('mongodb client closed');
      expect(output.text).toMatch(/"msg":"closed","signal":"SIGTERM"/);
      expect(output.text).not.toMatch(/"level":"error"/);
      expect(output.text).not.toContain(OPERATOR_KEY);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }, 60_000);

  it('exits 1 with the list of problems when the configuration is wrong', async () => {
    const child = spawn(process.execPath, MAIN, {
      env: { ...process.env, API_KEYS, PROJECTORS_PORT: 'x', MONGODB_URI: 'nope' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = collect(child);
    expect(await exited(child)).toEqual({ code: 1, signal: null });
    expect(output.text).toContain('Invalid projectors configuration');
    expect(output.text).toContain('PROJECTORS_PORT');
    expect(output.text).toContain('MONGODB_URI');
    expect(output.text).not.toMatch(/^\s+at /m); // a message, not a stack trace
  }, 60_000);
});

function collect(child: ChildProcess): { text: string } {
  const output = { text: '' };
  child.stdout?.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
  return output;
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}
