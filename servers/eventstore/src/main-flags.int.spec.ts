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

/**
 * Runs main.ts with `args` until it exits; resolves with its exit code (or signal) and output.
 * With `interruptOn`, sends SIGINT from the output handler the moment the output matches it.
 */
function runToExit(
  args: string[],
  interruptOn?: RegExp,
): Promise<{ code: number | NodeJS.Signals | null; output: string }> {
  const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', MAIN, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let interrupted = false;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    if (interruptOn && !interrupted && interruptOn.test(output)) {
      interrupted = true;
      child.kill('SIGINT');
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return new Promise((resolve) =>
    child.once('close', (code, signal) => resolve({ code: signal ?? code, output })),
  );
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

  // A supervisor may signal as soon as it sees the connection string, or while the server starts
  // (here: writing its first system events to a data directory it has just recovered). Several
  // runs, since the signal lands at a slightly different moment each time; each run over a data
  // directory also recovers what the run before it left.
  it.each([
    ['the moment it prints its connection string', () => ['--memory'], /tls=false/],
    ['while it starts', () => ['--data-dir', join(scratch, 'interrupted')], /recovered/],
  ])(
    'stops cleanly on a SIGINT sent %s',
    async (_when, storageArgs, trigger) => {
      for (let run = 0; run < 4; run++) {
        const { code, output } = await runToExit([...storageArgs(), '--port', '0'], trigger);
        expect({ run, code }).toEqual({ run, code: 0 });
        expect(output).toContain('SIGINT received, stopping');
        expect(output).toContain('event store stopped');
      }
    },
    60_000,
  );

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
