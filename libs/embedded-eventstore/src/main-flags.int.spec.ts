import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collect, eventually, rejectionOf } from './testing/event-store.fixture.js';
import type { ServerProcess } from './testing/server-process.js';
import { startServerProcess } from './testing/server-process.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs main.ts with `args` until it exits by itself; resolves with its exit code and output. */
function runToExit(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', MAIN, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, output })));
}

describe('npm run eventstore: flags and signals', () => {
  let server: ServerProcess | undefined;
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'eventstore-flags-'));
  });
  afterEach(async () => {
    await server?.kill();
    server = undefined;
  });
  afterAll(() => rm(scratch, { recursive: true, force: true }));

  it('--host: listens on that address only', async () => {
    server = await startServerProcess(undefined, { serverArgs: ['--host', '127.0.0.2'] });
    expect(server.connectionString).toMatch(/^esdb:\/\/127\.0\.0\.2:\d+\?tls=false$/);
    const client = EventStoreDBClient.connectionString(server.connectionString);
    try {
      await client.appendToStream('host-check', jsonEvent({ type: 'Checked', data: {} }));
      expect(await collect(client.readStream('host-check'))).toHaveLength(1);
    } finally {
      await client.dispose();
    }
    const port = /:(\d+)\?/.exec(server.connectionString)![1];
    const elsewhere = EventStoreDBClient.connectionString(`esdb://127.0.0.1:${port}?tls=false`);
    try {
      const error = await rejectionOf(collect(elsewhere.readStream('host-check', { deadline: 2_000 })));
      expect(error).toMatchObject({ type: expect.stringMatching(/unavailable|deadline-exceeded/) });
    } finally {
      await elsewhere.dispose();
    }
  }, 30_000);

  it('stops cleanly on SIGINT', async () => {
    server = await startServerProcess(undefined);
    // One round trip first: a signal in the instant right after the connection string is printed
    // can still meet the default handler (main.ts installs its handlers after printing it).
    const client = EventStoreDBClient.connectionString(server.connectionString);
    try {
      await client.appendToStream('sigint-check', jsonEvent({ type: 'Checked', data: {} }));
    } finally {
      await client.dispose();
    }
    server.child.kill('SIGINT');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('SIGINT received, stopping');
    expect(server.output()).toContain('event store stopped');
  }, 30_000);

  it('--memory writes nothing, not even to a --data-dir it is given', async () => {
    const dataDir = join(scratch, 'unused');
    server = await startServerProcess(undefined, { serverArgs: ['--data-dir', dataDir] });
    const client = EventStoreDBClient.connectionString(server.connectionString);
    try {
      await client.appendToStream('memory-only', jsonEvent({ type: 'Kept', data: {} }));
    } finally {
      await client.dispose();
    }
    await server.stop();
    expect(await server.exited).toBe(0);
    expect(existsSync(dataDir)).toBe(false);
  }, 30_000);

  it('--stats-interval-ms: writes $statsCollected system events that often', async () => {
    server = await startServerProcess(undefined, { serverArgs: ['--stats-interval-ms', '50'] });
    const client = EventStoreDBClient.connectionString(server.connectionString);
    try {
      await eventually(async () => {
        const stats = (await collect(client.readAll())).filter((e) => e.event!.type === '$statsCollected');
        return stats.length >= 2 && stats.every((e) => e.event!.streamId.startsWith('$stats-'));
      });
    } finally {
      await client.dispose();
    }
  }, 30_000);

  it.each([
    [['--memory', '--port', '70000'], /Invalid --port '70000'/],
    [['--memory', '--port', 'http'], /Invalid --port 'http'/],
    [['--memory', '--bogus'], /Unknown option '--bogus'/],
  ])(
    'refuses %j: exit code 1 and the reason',
    async (args, reason) => {
      const { code, output } = await runToExit(args);
      expect(code).toBe(1);
      expect(output).toMatch(reason);
    },
    30_000,
  );
});
