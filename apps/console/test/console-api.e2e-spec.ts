import { jest } from '@jest/globals';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type EmbeddedEventStore, startEventStore } from '@embedded-servers/eventstore';
import { eventually, type SeededHistory, seedLedgerHistory } from '@ledger/testing';
import { createConsole } from '../src/create-console.js';
import { buildPageIfStale, KEYS } from './console-system.harness.js';

// An embedded event store and 10,000 events on a busy 2-core machine.
jest.setTimeout(30_000);

const API_KEYS = JSON.stringify({ analyst: [KEYS.analyst], operator: [KEYS.operator] });

/** The console's backend over HTTP, in process, against an embedded event store with known events. */
describe('the console backend', () => {
  let store: EmbeddedEventStore;
  let writer: EventStoreDBClient;
  let app: NestFastifyApplication;
  let seeded: SeededHistory;

  beforeAll(async () => {
    buildPageIfStale();
    store = await startEventStore({ memory: true, port: 0 });
    writer = EventStoreDBClient.connectionString(store.connectionString);
    seeded = await seedLedgerHistory(writer);
    app = await createConsole({
      API_KEYS,
      EVENTSTORE_CONNECTION_STRING: store.connectionString,
      // Nothing listens there: the projectors are down.
      PROJECTORS_URL: 'http://127.0.0.1:9',
      CONSOLE_MAX_FEEDS: '1',
      LOG_LEVEL: 'silent',
    });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await writer?.dispose();
    await store?.stop();
  });

  /** `key` '' sends no Authorization header. */
  const get = (url: string, key = KEYS.operator) =>
    app.inject({ method: 'GET', url, headers: key ? { authorization: `Bearer ${key}` } : {} });

  it('serves the page to anyone, with a policy that allows no inline script and no other origin', async () => {
    const page = await get('/', '');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.body).not.toMatch(/<script>|<script [^>]*>[^<]/);
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(page.body)![1]!;
    expect((await get(script, '')).headers['content-type']).toContain('javascript');
    expect((await get('/assets/..%2F..%2Fpackage.json', '')).statusCode).toBe(404);
  });

  it('answers no data without an operator key', async () => {
    for (const url of [
      '/api/streams',
      `/api/streams/${seeded.accountA}/events`,
      '/api/feed',
      '/api/projections',
    ]) {
      expect((await get(url, '')).statusCode).toBe(401);
      expect((await get(url, 'wrong')).statusCode).toBe(401);
      expect((await get(url, KEYS.analyst)).statusCode).toBe(403);
    }
  });

  it('lists streams by prefix with counts and last change, and pages a stream upcast or as stored', async () => {
    const listing = (await get('/api/streams?prefix=account-')).json();
    expect(listing.streams.map((s: { streamId: string }) => s.streamId).sort()).toEqual(
      [seeded.accountA, seeded.accountB].sort(),
    );
    expect(listing.streams.find((s: { streamId: string }) => s.streamId === seeded.accountA)).toMatchObject({
      events: 4,
      lastRevision: '3',
      lastChanged: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const page = (await get(`/api/streams/${seeded.accountA}/events?from=1&limit=2`)).json();
    expect(page).toMatchObject({ lastRevision: '3' });
    expect(page.events.map((e: { revision: string }) => e.revision)).toEqual(['1', '2']);
    const opened = (await get(`/api/streams/${seeded.accountA}/events?limit=1`)).json().events[0];
    const stored = (await get(`/api/streams/${seeded.accountA}/events?limit=1&raw=true`)).json().events[0];
    expect(stored).toMatchObject({ schemaVersion: 1, upcast: false });
    expect(opened).toMatchObject({ upcast: true, data: { overdraftLimit: 0 } });
  });

  it('opens a stream of 10,000 events a page at a time, from either end', async () => {
    const stream = `pings-${seeded.accountA}`;
    const pings = Array.from({ length: 10_000 }, (_, n) => jsonEvent({ type: 'Pinged', data: { n } }));
    await writer.appendToStream(stream, pings);
    const first = (await get(`/api/streams/${stream}/events`)).json();
    expect(first.lastRevision).toBe('9999');
    expect(first.events).toHaveLength(100);
    expect(first.events[99]).toMatchObject({ revision: '99', data: { n: 99 } });
    const last = (await get(`/api/streams/${stream}/events?from=9900`)).json();
    expect(last.events.map((e: { revision: string }) => e.revision)).toEqual(
      Array.from({ length: 100 }, (_, i) => String(9_900 + i)),
    );
  });

  it('folds the aggregate at a revision with the state before it and the event between', async () => {
    const travel = (await get(`/api/streams/${seeded.accountA}/time-travel?revision=1`)).json();
    expect(travel).toMatchObject({
      revision: '1',
      lastRevision: '3',
      state: { balance: 5_000 },
      previousState: { balance: 0 },
      event: { eventType: 'MoneyDeposited' },
    });
  });

  it('streams $all as server-sent events, one feed at most here, and a closed feed frees its place', async () => {
    await app.listen(0, '127.0.0.1');
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const follow = (signal?: AbortSignal) =>
      fetch(`${url}/api/feed`, { headers: { authorization: `Bearer ${KEYS.operator}` }, signal });
    const first = new AbortController();
    const feed = await follow(first.signal);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toContain('text/event-stream');
    const reader = feed.body!.pipeThrough(new TextDecoderStream()).getReader();
    const { value } = await reader.read();
    expect(value).toMatch(/^id: \d+:\d+\nevent: event\ndata: \{/);
    const second = await follow();
    expect(second.status).toBe(503);
    first.abort();
    const again = await eventually(async () => {
      const attempt = await follow();
      if (attempt.status === 200) return attempt;
      await attempt.body?.cancel();
      return undefined;
    }, 'a place freed');
    await again.body!.cancel();
  });

  it('answers problems for what it cannot show', async () => {
    expect((await get('/api/streams/account-nobody/events')).statusCode).toBe(404);
    expect((await get(`/api/streams/${seeded.accountA}/time-travel?revision=x`)).statusCode).toBe(400);
    expect((await get(`/api/streams/snapshot-${seeded.accountA}/time-travel?revision=0`)).statusCode).toBe(
      400,
    );
    const down = await get('/api/projections');
    expect(down.statusCode).toBe(503);
    expect(down.headers['content-type']).toContain('application/problem+json');
  });
});
