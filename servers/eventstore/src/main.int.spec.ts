import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { collect } from './testing/event-store.fixture.js';
import { startServerProcess } from './testing/server-process.js';

describe('the standalone event store (npm run eventstore)', () => {
  it('logs where it listens, serves the official client and stops cleanly on SIGTERM', async () => {
    const server = await startServerProcess(undefined);
    try {
      expect(server.connectionString).toMatch(/^esdb:\/\/127\.0\.0\.1:\d+\?tls=false$/);
      const client = EventStoreDBClient.connectionString(server.connectionString);
      try {
        await client.appendToStream('cli-check', jsonEvent({ type: 'Checked', data: {} }));
        expect(await collect(client.readStream('cli-check'))).toHaveLength(1);
      } finally {
        await client.dispose();
      }
    } finally {
      await server.stop();
    }
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('event store stopped');
  }, 30_000);
});
