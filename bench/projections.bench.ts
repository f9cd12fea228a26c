/**
 * Projections: a catch-up of pre-written events into every read model, beside a baseline in the
 * same run (the same events read through the same filtered subscriptions, nothing written); and
 * the lag from a command's answer to its read model at a steady command rate.
 *
 * Processes: the event store and MongoDB run as child processes (`npm run eventstore`, `npm run
 * mongodb`, in memory); the projectors' consumer host and the load run in this process, as the
 * projectors app runs them. Run: `npm run bench:projections`
 * Env: BENCH_EVENTS (100000), BENCH_RATE (500 commands/s), BENCH_SECONDS (10),
 * BENCH_MONGODB_PROFILE_DIR (a V8 CPU profile of the MongoDB server).
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { EventStoreDBClient } from '@eventstore/db-client';
import { ConsumerHost, type ConsumerDefinition, SystemClock } from '@ledger/consumers';
import { EsdbAllStreamSource } from '@ledger/consumers-eventstore';
import { MongoCheckpointStore, MongoLeaseStore, MongoParkedEventStore } from '@ledger/consumers-mongodb';
import { accountDecider, accountStreamName, type AccountCommand, type LedgerEvent } from '@ledger/domain';
import { CommandPipeline, DEFAULT_COMMAND_PIPELINE_OPTIONS, EsdbEventStreamStore } from '@ledger/event-store';
import { ACCOUNT_SUMMARY, LEDGER_READ_MODELS, readModelConsumers } from '@ledger/read-models';
import { startChildServer } from '@ledger/testing';
import { writeLedgerHistory } from './ledger-history.js';
import { type Long, MongoClient } from 'mongodb';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ACCOUNTS = 1_000;
const TARGET = { catchUp: 10_000, lagP99Ms: 100 };
const root = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

const eventStore = await startChildServer({
  script: root('libs/embedded-eventstore/src/main.ts'),
  args: ['--port', '0', '--memory'],
  ready: /esdb:\/\/[^\s]+\?tls=false/,
});
const mongo = await startChildServer({
  script: root('libs/embedded-mongodb/src/main.ts'),
  args: ['--port', '0', '--memory'],
  nodeArgs: process.env.BENCH_MONGODB_PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_MONGODB_PROFILE_DIR}`]
    : [],
  ready: /connect with (mongodb:\/\/\S+)/,
});
const esdb = EventStoreDBClient.connectionString(eventStore.ready[0]);
const mongoClient = await MongoClient.connect(mongo.ready[1]!);

const writeHistory = () => writeLedgerHistory(esdb, EVENTS, ACCOUNTS);

function hostFor(consumers: ConsumerDefinition<LedgerEvent>[], prefix: string) {
  const db = mongoClient.db(prefix);
  return new ConsumerHost<LedgerEvent>(
    consumers,
    {
      source: new EsdbAllStreamSource<LedgerEvent>(esdb),
      checkpoints: new MongoCheckpointStore(db),
      parked: new MongoParkedEventStore(db),
      leases: new MongoLeaseStore(db),
      clock: new SystemClock(),
    },
    { instanceId: `bench-${prefix}` },
  );
}

/** Until every read model's saved checkpoint reaches `last` (cheap to poll, unlike a full status). */
async function untilPositions(db: string, last: bigint): Promise<number> {
  const started = performance.now();
  const checkpoints = mongoClient.db(db).collection<{ _id: string; position: Long }>('checkpoints');
  const names = LEDGER_READ_MODELS.map(({ projection }) => projection.readModel);
  for (;;) {
    const saved = await checkpoints.find({ _id: { $in: names } }).toArray();
    if (saved.length === names.length && saved.every((c) => BigInt(c.position.toString()) >= last)) {
      return (performance.now() - started) / 1000;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Baseline: each read model's filtered subscription read to the end, nothing written. */
async function readOnly(last: bigint): Promise<number> {
  const started = performance.now();
  await Promise.all(
    LEDGER_READ_MODELS.map(async ({ filter }) => {
      const source = new EsdbAllStreamSource<LedgerEvent>(esdb);
      const subscription = source.subscribe({ consumer: 'baseline', after: undefined, filter });
      for (;;) {
        const items = await subscription.read(500, new AbortController().signal);
        const position = items.at(-1);
        if (
          position &&
          (position.kind === 'checkpoint' ? position.position : position.event.position) >= last
        )
          break;
      }
      await subscription.close();
    }),
  );
  return (performance.now() - started) / 1000;
}

async function catchUp(): Promise<void> {
  const writeStarted = performance.now();
  const last = await writeHistory();
  console.log(
    `${fmt(EVENTS)} events on ${fmt(ACCOUNTS)} accounts written in ${((performance.now() - writeStarted) / 1000).toFixed(1)} s`,
  );
  const baseline = await readOnly(last);
  const host = hostFor(readModelConsumers(mongoClient.db('catch-up')), 'catch-up').start();
  const seconds = await untilPositions('catch-up', last);
  await host.stop();
  const rate = EVENTS / seconds;
  const baseRate = EVENTS / baseline;
  console.log(
    `catch-up into ${LEDGER_READ_MODELS.length} read models: ${seconds.toFixed(1)} s, ${fmt(rate)} events/s ` +
      `(baseline, the same subscriptions without writing: ${baseline.toFixed(1)} s, ${fmt(baseRate)} events/s; ` +
      `${(rate / baseRate).toFixed(2)}× baseline); target ≥ ${fmt(TARGET.catchUp)}: ${rate >= TARGET.catchUp ? 'met' : 'NOT met'}`,
  );
}

/** Commands at RATE/s; each answer's position is waited for in the account summary's checkpoint. */
async function lag(): Promise<void> {
  const db = mongoClient.db('lag');
  const pipeline = new CommandPipeline(new EsdbEventStreamStore(esdb), DEFAULT_COMMAND_PIPELINE_OPTIONS);
  const host = hostFor(readModelConsumers(db), 'lag').start();
  // Measured from the head on: the history written for the catch-up is projected first, unmeasured.
  const head = await new EsdbAllStreamSource<LedgerEvent>(esdb).head();
  if (head) await untilPositions('lag', head.position);
  const context = () => ({
    commandId: randomUUID(),
    correlationId: randomUUID(),
    actor: 'bench',
    issuedAt: new Date().toISOString(),
  });
  const run = (accountId: string, command: AccountCommand) =>
    pipeline.handle(accountDecider, {
      streamName: accountStreamName(accountId),
      command,
      context: context(),
    });
  const accounts = Array.from({ length: 100 }, () => randomUUID());
  for (const accountId of accounts) {
    await run(accountId, {
      type: 'OpenAccount',
      data: {
        accountId,
        ownerId: randomUUID(),
        currency: 'EUR',
        overdraftLimit: 0,
        now: new Date().toISOString(),
      },
    });
  }
  const waiting: Array<{ position: bigint; answeredAt: number }> = [];
  const lags: number[] = [];
  let polling = true;
  const poller = (async () => {
    const checkpoints = db.collection<{ _id: string; position: Long }>('checkpoints');
    while (polling || waiting.length > 0) {
      const saved = await checkpoints.findOne({ _id: ACCOUNT_SUMMARY });
      const reached = saved ? BigInt(saved.position.toString()) : -1n;
      const now = performance.now();
      for (let i = waiting.length - 1; i >= 0; i--) {
        if (waiting[i]!.position <= reached) lags.push(now - waiting.splice(i, 1)[0]!.answeredAt);
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  })();
  const started = performance.now();
  const sends: Promise<void>[] = [];
  for (let n = 0; performance.now() - started < SECONDS * 1000; n++) {
    const due = started + (n * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const accountId = accounts[n % accounts.length]!;
    sends.push(
      run(accountId, {
        type: 'DepositMoney',
        data: { accountId, amount: 1, now: new Date().toISOString() },
      }).then((outcome) => {
        waiting.push({ position: outcome.position, answeredAt: performance.now() });
      }),
    );
  }
  await Promise.all(sends);
  polling = false;
  await poller;
  await host.stop();
  const sorted = lags.sort((a, b) => a - b);
  const achieved = sends.length / SECONDS;
  console.log(
    `lag from command answer to the account summary at ${fmt(achieved)} commands/s (${fmt(sends.length)} commands): ` +
      `p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms ` +
      `(checkpoints, saved after each batch: an upper bound); target p99 < ${TARGET.lagP99Ms} ms: ` +
      `${percentile(sorted, 99) < TARGET.lagP99Ms ? 'met' : 'NOT met'}`,
  );
}

try {
  console.log(
    `== projections: event store and MongoDB as child processes (in memory); consumer host in this process`,
  );
  await catchUp();
  await lag();
} finally {
  await mongoClient.close();
  await esdb.dispose();
  await mongo.stop();
  await eventStore.stop();
}
