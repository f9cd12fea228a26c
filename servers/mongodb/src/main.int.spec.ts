import { ExitCode, freePort, runToExit } from '@embedded-servers/storage';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { startMongoProcess } from './server-process.testing.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

describe('npm run mongodb (the standalone CLI)', () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'mongodb-cli-'));
  });
  afterAll(() => rm(scratch, { recursive: true, force: true }));

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'serves the driver and stops cleanly on %s',
    async (signal) => {
      const server = await startMongoProcess(['--memory', '--port', '0', '--host', '127.0.0.1']);
      expect(server.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+$/);
      const client = await new MongoClient(server.uri).connect();
      try {
        expect(await client.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
      } finally {
        await client.close();
      }
      server.child.kill(signal);
      expect(await server.exited).toBe(ExitCode.stopped);
      expect(server.output()).toContain(`${signal} received, stopping`);
    },
    30_000,
  );

  it('without flags, listens on MONGODB_PORT and keeps its data under DATA_DIR/mongodb', async () => {
    const port = await freePort();
    const dataRoot = join(scratch, 'from-env');
    const server = await startMongoProcess([], 20_000, { MONGODB_PORT: String(port), DATA_DIR: dataRoot });
    try {
      expect(server.uri).toBe(`mongodb://127.0.0.1:${port}`);
      expect(existsSync(join(dataRoot, 'mongodb', 'LOCK'))).toBe(true);
      // A second server on the same data directory is refused: exit code 1, and why.
      const second = await runToExit({
        script: MAIN,
        args: ['--port', '0', '--data-dir', join(dataRoot, 'mongodb')],
      });
      expect(second.code).toBe(ExitCode.failed);
      expect(second.output).toMatch(/failed to start: data directory .* is in use by process \d+/);
    } finally {
      await server.stop();
    }
    expect(await server.exited).toBe(ExitCode.stopped);
  }, 60_000);

  it.each([
    [['--memory', '--port', '70000'], /Invalid --port '70000'/],
    [['--memory', '--bogus'], /Unknown option '--bogus'/],
  ])(
    'refuses %j: exit code 2 (usage), the reason and the usage',
    async (args, reason) => {
      const { code, output } = await runToExit({ script: MAIN, args });
      expect(code).toBe(ExitCode.usage);
      expect(output).toMatch(reason);
      expect(output).toContain('usage: npm run mongodb');
    },
    30_000,
  );
});
