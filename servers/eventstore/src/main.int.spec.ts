import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { collect, eventually } from './testing/event-store.fixture.js';

const mainFile = fileURLToPath(new URL('./main.ts', import.meta.url));

describe('the standalone event store (npm run eventstore)', () => {
  let child: ChildProcess;
  let output = '';
  afterEach(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it('logs where it listens, serves the official client and stops cleanly on SIGTERM', async () => {
    child = spawn(
      process.execPath,
      ['--import', '@swc-node/register/esm-register', mainFile, '--memory', '--port', '0'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await eventually(() => /esdb:\/\/127\.0\.0\.1:\d+\?tls=false/.test(output), 20_000);
    const connectionString = /esdb:\/\/127\.0\.0\.1:\d+\?tls=false/.exec(output)![0];
    const client = EventStoreDBClient.connectionString(connectionString);
    await client.appendToStream('cli-check', jsonEvent({ type: 'Checked', data: {} }));
    expect(await collect(client.readStream('cli-check'))).toHaveLength(1);
    await client.dispose();
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('event store stopped');
  }, 30_000);
});
