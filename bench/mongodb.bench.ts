// Embedded MongoDB through the official driver, each figure beside the same operations run in
// process without the wire (MongoEngine.command). `npm run bench:mongodb` uses memory storage;
// `npm run bench:mongodb -- --data-dir DIR` runs the same against durable storage in DIR.
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import net from 'node:net';
import { BSON, MongoClient, type AnyBulkWriteOperation, type Document } from 'mongodb';
import {
  createMongoStorage,
  MemoryMongoStorage,
  MongoEngine,
  startMongoServer,
  type MongoStorage,
} from '@ledger/embedded-mongodb';

const SEQUENTIAL_UPSERTS = Number(process.env.BENCH_UPSERTS ?? 5000);
const BULK_BATCHES = Number(process.env.BENCH_BULK_BATCHES ?? 20);
const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 5000);
const MEMORY_DOCS = Number(process.env.BENCH_MEMORY_DOCS ?? 100_000);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const dataDirArg = process.argv.indexOf('--data-dir');
const durableDir = dataDirArg >= 0 ? process.argv[dataDirArg + 1] : undefined;

type AccountDocument = { _id: string } & Document;

const createdDirs: string[] = [];

/** Fresh storage per run: memory, or a new subdirectory of the durable directory. */
async function storageFor(label: string): Promise<MongoStorage> {
  if (!durableDir) return new MemoryMongoStorage();
  const dir = await mkdtemp(path.join(durableDir, `${label}-`));
  createdDirs.push(dir);
  return createMongoStorage(false, dir);
}

const account = (i: number) => ({ owner: `owner-${i}`, email: `user${i}@example.com`, currency: 'EUR' });
const upsertStatement = (i: number, round: number) => ({
  q: { _id: `acc-${i}` },
  u: { $set: { ...account(i), position: round }, $inc: { balance: 100 } },
  upsert: true,
});

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

async function timeEach(
  n: number,
  op: (i: number) => Promise<unknown>,
): Promise<{ p50: number; p99: number }> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await op(i);
    samples.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

async function rate(n: number, op: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await op();
  return n / ((performance.now() - t) / 1000);
}

/** Sequential pings written straight to the socket: the server's share of a round trip. */
async function rawPing(port: number, n: number): Promise<{ p50: number; p99: number }> {
  const body = BSON.serialize({ ping: 1, $db: 'admin' });
  const msg = Buffer.alloc(21 + body.length);
  msg.writeInt32LE(msg.length, 0);
  msg.writeInt32LE(2013, 12); // OP_MSG, flags 0, then section kind 0
  Buffer.from(body).copy(msg, 21);
  const socket = net.connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  await new Promise((r) => socket.once('connect', r));
  let replied: () => void = () => {};
  socket.on('data', () => replied());
  const result = await timeEach(n, () => new Promise<void>((r) => ((replied = r), socket.write(msg))));
  socket.destroy();
  return result;
}

const fmt = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits });
const rows: string[][] = [];
const row = (name: string, driver: string, baseline: string, ratio: string) =>
  rows.push([name, driver, baseline, ratio]);

async function main(): Promise<void> {
  const server = await startMongoServer({ port: 0, storage: await storageFor('wire') });
  const client = await new MongoClient(server.uri).connect();
  const engine = await MongoEngine.open(await storageFor('baseline'));
  const coll = client.db('bench').collection<AccountDocument>('accounts');
  const cmd = (body: Document) => engine.command({ ...body, $db: 'bench' });
  await coll.createIndex({ email: 1 }, { unique: true });
  await cmd({ createIndexes: 'accounts', indexes: [{ key: { email: 1 }, name: 'email_1', unique: true }] });

  // Resident memory first, while the process is fresh: load MEMORY_DOCS documents in batches of 1000.
  gc();
  const before = process.memoryUsage();
  const mem = client.db('bench').collection<AccountDocument>('memory');
  for (let b = 0; b < MEMORY_DOCS / 1000; b++) {
    await mem.insertMany(
      Array.from({ length: 1000 }, (_, i) => ({
        _id: `m-${b * 1000 + i}`,
        ...account(b * 1000 + i),
        balance: b * 1000 + i,
        updatedAt: new Date(),
      })),
    );
  }
  gc();
  const after = process.memoryUsage();

  // Reading everything back: one find plus getMores of 16 MB batches.
  const findDriver = await rate(MEMORY_DOCS, () => mem.find({}).toArray());
  const mirror = Array.from({ length: MEMORY_DOCS }, (_, i) => ({
    _id: `m-${i}`,
    ...account(i),
    balance: i,
  }));
  for (let b = 0; b < MEMORY_DOCS; b += 1000) {
    await engine.command({ insert: 'memory', documents: mirror.slice(b, b + 1000), $db: 'bench' });
  }
  const findBase = await rate(MEMORY_DOCS, async () => {
    let reply = await engine.command({ find: 'memory', filter: {}, $db: 'bench' });
    while (!reply.cursor.id.isZero()) {
      reply = await engine.command({ getMore: reply.cursor.id, collection: 'memory', $db: 'bench' });
    }
  });
  row(
    `find all ${fmt(MEMORY_DOCS)} docs (docs/s)`,
    fmt(findDriver),
    fmt(findBase),
    `${fmt(findBase / findDriver, 1)}x`,
  );

  // Warm-up: JIT, connection pool, compiled-query cache.
  for (let i = 0; i < 300; i++) {
    await coll.updateOne({ _id: `acc-${i}` }, upsertStatement(i, 0).u, { upsert: true });
    await cmd({ update: 'accounts', updates: [upsertStatement(i, 0)] });
  }

  // The floor every driver operation pays: one command round trip that does no work.
  const pingDriver = await timeEach(LOOKUPS, () => client.db('admin').command({ ping: 1 }));
  const pingBase = await timeEach(LOOKUPS, () => engine.command({ ping: 1, $db: 'admin' }));
  row(
    'ping (µs)',
    `p50 ${fmt(pingDriver.p50, 1)} / p99 ${fmt(pingDriver.p99, 1)}`,
    `p50 ${fmt(pingBase.p50, 1)} / p99 ${fmt(pingBase.p99, 1)}`,
    `${fmt(pingDriver.p50 / pingBase.p50, 1)}x`,
  );

  const pingRaw = await rawPing(server.port, LOOKUPS);
  row(
    'ping over a raw socket, no driver (µs)',
    `p50 ${fmt(pingRaw.p50, 1)} / p99 ${fmt(pingRaw.p99, 1)}`,
    '',
    '',
  );

  const seqDriver = await rate(SEQUENTIAL_UPSERTS, async () => {
    for (let i = 0; i < SEQUENTIAL_UPSERTS; i++) {
      const s = upsertStatement(i, 1);
      await coll.updateOne(s.q, s.u, { upsert: true });
    }
  });
  const seqBase = await rate(SEQUENTIAL_UPSERTS, async () => {
    for (let i = 0; i < SEQUENTIAL_UPSERTS; i++)
      await cmd({ update: 'accounts', updates: [upsertStatement(i, 1)] });
  });
  row('sequential upserts (ops/s)', fmt(seqDriver), fmt(seqBase), `${fmt(seqBase / seqDriver, 1)}x`);

  const bulkN = BULK_BATCHES * 500;
  const bulkDriver = await rate(bulkN, async () => {
    for (let b = 0; b < BULK_BATCHES; b++) {
      const ops: AnyBulkWriteOperation<AccountDocument>[] = [];
      for (let i = 0; i < 500; i++) {
        const s = upsertStatement(b * 500 + i, 2);
        ops.push({ updateOne: { filter: s.q, update: s.u, upsert: true } });
      }
      await coll.bulkWrite(ops, { ordered: true });
    }
  });
  const bulkBase = await rate(bulkN, async () => {
    for (let b = 0; b < BULK_BATCHES; b++) {
      const updates = Array.from({ length: 500 }, (_, i) => upsertStatement(b * 500 + i, 2));
      await cmd({ update: 'accounts', updates, ordered: true });
    }
  });
  row('bulkWrite 500 upserts (docs/s)', fmt(bulkDriver), fmt(bulkBase), `${fmt(bulkBase / bulkDriver, 1)}x`);

  const docCount = Math.max(SEQUENTIAL_UPSERTS, bulkN);
  const scansBefore = server.stats.collectionScans;
  const pick = (i: number) => (i * 7919) % docCount;
  for (const [label, filter] of [
    ['findOne by _id (µs)', (i: number) => ({ _id: `acc-${pick(i)}` })],
    ['findOne by indexed email (µs)', (i: number) => ({ email: `user${pick(i)}@example.com` })],
  ] as const) {
    const driver = await timeEach(LOOKUPS, (i) => coll.findOne(filter(i)));
    const base = await timeEach(LOOKUPS, (i) =>
      cmd({ find: 'accounts', filter: filter(i), limit: 1, singleBatch: true, batchSize: 1 }),
    );
    row(
      label,
      `p50 ${fmt(driver.p50, 1)} / p99 ${fmt(driver.p99, 1)}`,
      `p50 ${fmt(base.p50, 1)} / p99 ${fmt(base.p99, 1)}`,
      `${fmt(driver.p50 / base.p50, 1)}x`,
    );
  }
  const scans = server.stats.collectionScans - scansBefore;

  await client.close();
  await server.stop();
  await engine.close();

  console.log(
    `\nembedded MongoDB benchmark (${durableDir ? `durable storage under ${durableDir}` : 'memory storage'})`,
  );
  console.log(`Node ${process.version}; driver over TCP vs the same commands in process (no wire)\n`);
  const widths = [0, 1, 2, 3].map((c) =>
    Math.max(...[['operation', 'driver', 'in process', 'ratio'], ...rows].map((r) => r[c].length)),
  );
  for (const r of [['operation', 'driver', 'in process', 'ratio'], ...rows]) {
    console.log(r.map((cell, c) => cell.padEnd(widths[c])).join('  '));
  }
  console.log(
    `\ncollection scans during the lookups: ${scans} (0 means every lookup used the _id map or the index)`,
  );
  const mb = (b: number) => `${fmt(b / 1024 / 1024, 1)} MB`;
  console.log(
    `memory for ${fmt(MEMORY_DOCS)} documents: rss ${mb(before.rss)} -> ${mb(after.rss)} (+${mb(after.rss - before.rss)}), ` +
      `heap ${mb(before.heapUsed)} -> ${mb(after.heapUsed)} (+${mb(after.heapUsed - before.heapUsed)}, ` +
      `${fmt((after.heapUsed - before.heapUsed) / MEMORY_DOCS)} bytes/doc)`,
  );
}

main()
  .catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const dir of createdDirs) await rm(dir, { recursive: true, force: true });
  });
