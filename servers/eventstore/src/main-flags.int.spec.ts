import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import {
  ExitCode,
  freePort,
  runToExit as runScriptToExit,
  startServerProcess as startScript,
} from '@embedded-servers/storage';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collect, eventually, rejectionOf } from './testing/event-store.fixture.js';
import type { ServerProcess } from './testing/server-process.js';
import { startServerProcess } from './testing/server-process.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

/** Runs main.ts with `args` until it exits; with `interruptOn`, sends SIGINT once the output matches. */
const runToExit = (args: string[], interruptOn?: RegExp) =>
  runScriptToExit({ script: MAIN, args, interruptOn });

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
    [['--memory', '--stats-interval-ms', 'often'], /Invalid --stats-interval-ms 'often'/],
  ])(
    'refuses %j: exit code 2 (usage), the reason and the usage',
    async (args, reason) => {
      const { code, output } = await runToExit(args);
      expect(code).toBe(ExitCode.usage);
      expect(output).toMatch(reason);
      expect(output).toContain('usage: npm run eventstore');
    },
    30_000,
  );

  it('without flags, listens on EVENTSTORE_PORT and keeps its data under DATA_DIR/eventstore', async () => {
    const port = await freePort();
    const dataRoot = join(scratch, 'from-env');
    const env = { EVENTSTORE_PORT: String(port), DATA_DIR: dataRoot };
    const fromEnv = await startScript({ script: MAIN, args: [], env });
    try {
      expect(fromEnv.uri).toBe(`esdb://127.0.0.1:${port}?tls=false`);
      expect(existsSync(join(dataRoot, 'eventstore', 'LOCK'))).toBe(true);
      // A second server on the same data directory is refused: exit code 1, and why.
      const second = await runToExit(['--port', '0', '--data-dir', join(dataRoot, 'eventstore')]);
      expect(second.code).toBe(ExitCode.failed);
      expect(second.output).toMatch(/failed to start: data directory .* is in use by process \d+/);
    } finally {
      await fromEnv.stop();
    }
    expect(await fromEnv.exited).toBe(ExitCode.stopped);
  }, 60_000);
});
