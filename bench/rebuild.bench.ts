/**
 * A blue-green rebuild of a read model over 100,000 events (`projections rebuild`), beside a
 * baseline in the same run: the same filtered subscription read to the same position, nothing
 * written. The rebuild runs in this process as the projectors run it (ReadModelRebuild).
 *
 * Processes: the event store and MongoDB run as child processes (in memory).
 * Run: `npm run bench:rebuild` (or `-- --json`). Env: BENCH_EVENTS (100000), BENCH_READ_MODEL
 * (account-summary: every event of the history reaches it).
 */
import { fileURLToPath } from 'node:url';
import { EventStoreDBClient } from '@eventstore/db-client';
import { SystemClock } from '@ledger/consumers';
import { EsdbAllStreamSource } from '@ledger/consumers-eventstore';
import { ReadModelRebuild } from '@ledger/consumers-mongodb';
import type { LedgerEvent } from '@ledger/domain';
import { LEDGER_READ_MODELS } from '@ledger/read-models';
import { startChildServer } from '@ledger/testing';
import { MongoClient } from 'mongodb';
import { writeLedgerHistory } from './ledger-history.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const READ_MODEL = process.env.BENCH_READ_MODEL ?? 'account-summary';
const TARGET = 10_000;
const json = process.argv.includes('--json');
const root = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const say = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);

const model = LEDGER_READ_MODELS.find((m) => m.projection.readModel === READ_MODEL);
if (!model) throw new Error(`No read model ${READ_MODEL}`);

const eventStore = await startChildServer({
  script: root('libs/embedded-eventstore/src/main.ts'),
  args: ['--port', '0', '--memory'],
  ready: /esdb:\/\/[^\s]+\?tls=false/,
});
const mongo = await startChildServer({
  script: root('libs/embedded-mongodb/src/main.ts'),
  args: ['--port', '0', '--memory'],
  ready: /connect with (mongodb:\/\/\S+)/,
});
const esdb = EventStoreDBClient.connectionString(eventStore.ready[0]);
const mongoClient = await MongoClient.connect(mongo.ready[1]!);

try {
  const written = performance.now();
  const last = await writeLedgerHistory(esdb, EVENTS, 1_000);
  say(`${fmt(EVENTS)} events written in ${((performance.now() - written) / 1000).toFixed(1)} s`);

  // Baseline: the rebuild's own subscription, read to the end, nothing written.
  const readStarted = performance.now();
  const subscription = new EsdbAllStreamSource<LedgerEvent>(esdb).subscribe({
    consumer: 'baseline',
    after: undefined,
    filter: model.filter,
  });
  for (;;) {
    const items = await subscription.read(1_000, new AbortController().signal);
    const tail = items.at(-1);
    if (tail && (tail.kind === 'checkpoint' ? tail.position : tail.event.position) >= last) break;
  }
  await subscription.close();
  const baselineSeconds = (performance.now() - readStarted) / 1000;

  const rebuild = new ReadModelRebuild<LedgerEvent>(
    {
      db: mongoClient.db('bench'),
      source: new EsdbAllStreamSource<LedgerEvent>(esdb),
      clock: new SystemClock(),
    },
    { id: 'bench', projection: model.projection, filter: model.filter, graceMs: 0 },
  );
  const started = performance.now();
  await rebuild.finished;
  const seconds = (performance.now() - started) / 1000;
  const done = rebuild.progress();
  if (done.state !== 'done') throw new Error(`The rebuild ended ${done.state}: ${done.error ?? ''}`);
  const result = {
    readModel: READ_MODEL,
    events: done.handled,
    seconds: Number(seconds.toFixed(2)),
    eventsPerSecond: Math.round(done.handled / seconds),
    baselineEventsPerSecond: Math.round(done.handled / baselineSeconds),
    target: TARGET,
    met: done.handled / seconds >= TARGET,
  };
  await rebuild.close();
  say(
    `rebuild of ${READ_MODEL}: ${fmt(result.events)} events in ${result.seconds} s = ${fmt(result.eventsPerSecond)} events/s ` +
      `(baseline, the same subscription without writing: ${fmt(result.baselineEventsPerSecond)} events/s); ` +
      `target ≥ ${fmt(TARGET)}: ${result.met ? 'met' : 'NOT met'}`,
  );
  if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await esdb.dispose();
  await mongoClient.close();
  await Promise.all([eventStore.stop(), mongo.stop()]);
}
