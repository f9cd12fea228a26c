/**
 * The console opening a stream of 10,000 events (issue 16: "opens in under a second"): the first
 * page, the last page and time travel to the last revision (which folds all 10,000), each timed
 * over repeated calls through the console's HTTP backend, beside a baseline in the same run: the
 * same page read straight through the official client, no HTTP.
 *
 * Processes: the event store in this process (embedded, in memory) and the console built in
 * process, called over loopback. Run: `npm run bench:console`. Env: BENCH_EVENTS (10000), BENCH_ROUNDS (20).
 */
import { EventStoreDBClient, FORWARDS, jsonEvent, START } from '@eventstore/db-client';
import { startEventStore } from '@embedded-servers/eventstore';
import { createConsole } from '../apps/console/src/create-console.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const KEY = 'bench-operator-key';
const TARGET_MS = 1_000;

const store = await startEventStore({ memory: true, port: 0 });
const client = EventStoreDBClient.connectionString(store.connectionString);
const stream = `account-${crypto.randomUUID()}`;
const accountId = stream.slice('account-'.length);
const opened = jsonEvent({
  type: 'AccountOpened',
  data: { accountId, ownerId: 'o', currency: 'EUR', overdraftLimit: 0, openedAt: new Date().toISOString() },
  metadata: { schemaVersion: 2 },
});
const deposit = () =>
  jsonEvent({
    type: 'MoneyDeposited',
    data: { accountId, amount: 1, currency: 'EUR', balanceAfter: 0, depositedAt: new Date().toISOString() },
    metadata: { schemaVersion: 2 },
  });
// Appends are bounded (1 MiB each): a thousand events at a time.
for (let written = 0; written < EVENTS; written += 1_000) {
  const batch = Array.from({ length: Math.min(1_000, EVENTS - written) }, (_, i) =>
    written + i === 0 ? opened : deposit(),
  );
  await client.appendToStream(stream, batch);
}
const app = await createConsole({
  API_KEYS: JSON.stringify({ operator: [KEY] }),
  EVENTSTORE_CONNECTION_STRING: store.connectionString,
  CONSOLE_PORT: '0',
  LOG_LEVEL: 'silent',
  RATE_LIMITS: '{"operator":0}',
});
await app.listen(0, '127.0.0.1');
const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');

async function timed(label: string, call: () => Promise<unknown>): Promise<void> {
  const ms: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    await call();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  const p50 = ms[Math.floor(ms.length / 2)]!;
  const worst = ms.at(-1)!;
  const verdict = worst <= TARGET_MS ? 'within' : 'OVER';
  console.log(
    `${label.padEnd(44)} p50 ${p50.toFixed(1)} ms, worst ${worst.toFixed(1)} ms (${verdict} ${TARGET_MS} ms)`,
  );
}

const get = async (path: string) => {
  const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${KEY}` } });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
};

console.log(`A stream of ${EVENTS} events, ${ROUNDS} rounds each:`);
await timed('baseline: 100 events through the client', async () => {
  for await (const _ of client.readStream(stream, {
    direction: FORWARDS,
    fromRevision: START,
    maxCount: 100,
  }));
});
await timed('console: first page', () => get(`/api/streams/${stream}/events`));
await timed('console: last page', () => get(`/api/streams/${stream}/events?from=${EVENTS - 100}`));
await timed(`console: time travel to revision ${EVENTS - 1}`, () =>
  get(`/api/streams/${stream}/time-travel?revision=${EVENTS - 1}`),
);
await app.close();
await client.dispose();
await store.stop();
