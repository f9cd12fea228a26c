import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import type { EmbeddedEventStore, EventStoreOptions } from '../embedded-event-store.js';
import { startEventStore } from '../embedded-event-store.js';

export interface TestEventStore {
  store: EmbeddedEventStore;
  client: EventStoreDBClient;
  stop(): Promise<void>;
}

/** An in-memory server on a free port and an official client connected to it. */
export async function startTestEventStore(options: EventStoreOptions = {}): Promise<TestEventStore> {
  const store = await startEventStore({ memory: true, port: 0, ...options });
  const client = EventStoreDBClient.connectionString(store.connectionString);
  return {
    store,
    client,
    stop: async () => {
      await client.dispose();
      await store.stop();
    },
  };
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const collected: T[] = [];
  for await (const item of items) collected.push(item);
  return collected;
}

/** Polls `condition` until it holds or the deadline passes (never a fixed sleep). */
export async function eventually(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the promise to reject');
}

/** After a bad client: the server still appends and reads for a well-behaved one. */
export async function expectStillServes(client: EventStoreDBClient): Promise<void> {
  const name = `alive-${randomUUID()}`;
  await client.appendToStream(name, jsonEvent({ type: 'Alive', data: {} }));
  expect(await collect(client.readStream(name))).toHaveLength(1);
}

type Unsubscribable = { unsubscribe(): Promise<void> };

/**
 * A test event store for the enclosing `describe`, started before its tests and stopped after
 * them, once every subscription given to `track` is unsubscribed (an open subscription would keep
 * the client's dispose waiting).
 */
export function eventStoreForSubscriptions(): {
  readonly client: EventStoreDBClient;
  track<T extends Unsubscribable>(subscription: T): T;
} {
  let es: TestEventStore | undefined;
  const subscriptions: Unsubscribable[] = [];
  beforeAll(async () => {
    es = await startTestEventStore();
  });
  afterAll(async () => {
    await Promise.all(subscriptions.map((subscription) => subscription.unsubscribe()));
    await es?.stop();
  });
  return {
    get client() {
      if (!es) throw new Error('the test event store is not started yet (use it inside a test)');
      return es.client;
    },
    track(subscription) {
      subscriptions.push(subscription);
      return subscription;
    },
  };
}
