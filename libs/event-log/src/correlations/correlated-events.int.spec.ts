import { randomUUID } from 'node:crypto';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { type EmbeddedEventStore, startEventStore } from '@embedded-servers/eventstore';
import { correlatedEvents, InvalidRequestError } from '@ledger/event-log';

describe('events of one correlation, against an event store', () => {
  let server: EmbeddedEventStore;
  let client: EventStoreDBClient;
  const correlationId = randomUUID();
  const other = randomUUID();
  const appended: string[] = [];

  const append = async (stream: string, type: string, correlation: string) => {
    const id = randomUUID();
    const metadata = {
      correlationId: correlation,
      causationId: appended.at(-1) ?? randomUUID(),
      schemaVersion: 1,
    };
    await client.appendToStream(stream, jsonEvent({ id, type, data: { n: appended.length }, metadata }));
    if (correlation === correlationId) appended.push(id);
  };

  beforeAll(async () => {
    server = await startEventStore({ memory: true, port: 0 });
    client = EventStoreDBClient.connectionString(server.connectionString);
    // Interleaved with another correlation, across three streams.
    await append('transfer-1', 'TransferRequested', correlationId);
    await append('account-x', 'MoneyDeposited', other);
    await append('account-a', 'TransferDebited', correlationId);
    await append('account-x', 'MoneyDeposited', other);
    await append('account-b', 'TransferCredited', correlationId);
    await append('transfer-1', 'TransferCompleted', correlationId);
  });
  afterAll(async () => {
    await client.dispose();
    await server.stop();
  });

  it('finds every event carrying the id, across streams, in log order, whatever the page size', async () => {
    for (const pageSize of [2, 3, 1_024]) {
      const found = await correlatedEvents(client, correlationId, { pageSize });
      expect(found.truncated).toBe(false);
      expect(found.events.map((e) => e.eventId)).toEqual(appended);
      expect(found.events.map((e) => `${e.streamId}:${e.eventType}`)).toEqual([
        'transfer-1:TransferRequested',
        'account-a:TransferDebited',
        'account-b:TransferCredited',
        'transfer-1:TransferCompleted',
      ]);
    }
  });

  it('keeps at most maxEvents and says the rest were left out', async () => {
    const found = await correlatedEvents(client, correlationId, { maxEvents: 2, pageSize: 2 });
    expect(found).toMatchObject({ truncated: true });
    expect(found.events.map((e) => e.eventId)).toEqual(appended.slice(0, 2));
  });

  it('answers no events for an id nobody used, and refuses an empty one', async () => {
    expect(await correlatedEvents(client, randomUUID())).toMatchObject({ events: [], truncated: false });
    await expect(correlatedEvents(client, ' ')).rejects.toThrow(InvalidRequestError);
  });
});
