import { EventStoreDBClient } from '@eventstore/db-client';
import type { CliSettings } from '../config/cli.config.js';

/** Runs `work` with a client of the configured event store, disposed afterwards whatever happens. */
export async function withEventStore<T>(
  settings: CliSettings,
  work: (client: EventStoreDBClient) => Promise<T>,
): Promise<T> {
  const client = EventStoreDBClient.connectionString(settings.eventStoreConnectionString);
  try {
    return await work(client);
  } finally {
    await client.dispose();
  }
}
