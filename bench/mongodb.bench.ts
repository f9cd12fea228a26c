// Embedded MongoDB through the official driver, each figure beside the same operations run in
// process without the wire (MongoEngine.command), for memory and durable storage in one run.
//
//   npm run bench:mongodb [-- --quick] [--rounds N] [--data-dir DIR]
//
// Every case runs `rounds` times (3, or 1 with --quick) on a fresh server and the median is shown,
// since the machine is shared. Durable storage goes to a temp dir under DIR (default os.tmpdir()).
// The driver and the server share this process, as the projections and the server would on 2 cores.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
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
} from '@embedded-servers/mongodb';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const QUICK = process.argv.includes('--quick');
const ROUNDS = Number(arg('--rounds') ?? (QUICK ? 1 : 3));
const SEQUENTIAL_UPSERTS = QUICK ? 1000 : 5000;
const BULK_BATCHES = QUICK ? 10 : 40;
const LOOKUPS = QUICK ? 2000 : 5000;
const MEMORY_DOCS = QUICK ? 20_000 : 100_000;
const DURABLE_ROOT = arg('--data-dir') ?? tmpdir();

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

type Mode = 'memory' | 'durable';
type AccountDocument = { _id: string } & Document;

/** One measured figure: a rate (higher is better) or a latency p50/p99 in µs (lower is better). */
interface Figure {
  kind: 'rate' | 'latency';
  driver: number;
  driverP99?: number;
  inProcess?: number;
  inProcessP99?: number;
}
type Figures = Map<string, Figure>;

interface MemoryFigure {
  heapPerDoc: number;
  rssPerDoc: number;
  bsonPerDoc: number;
}

const createdDirs: string[] = [];

async function storageFor(mode: Mode, label: string): Promise<MongoStorage> {
  if (mode === 'memory') return new MemoryMongoStorage();
  const dir = await mkdtemp(path.join(DURABLE_ROOT, `mongodb-bench-${label}-`));
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

const memoryDoc = (i: number) => ({ _id: `m-${i}`, ...account(i), balance: i, updatedAt: new Date() });

/**
 * Resident memory of MEMORY_DOCS documents loaded through the driver, per document, measured in
 * a fresh child process: RSS never shrinks, so a process that ran other cases would hide growth.
 */
function measureMemoryInChild(mode: Mode): Promise<MemoryFigure> {
  const args = [...process.execArgv, process.argv[1], '--memory-probe', mode, '--data-dir', DURABLE_ROOT];
  if (QUICK) args.push('--quick');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`memory probe failed: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop()!) as MemoryFigure);
    });
  });
}

async function memoryProbe(mode: Mode): Promise<void> {
  const server = await startMongoServer({ port: 0, storage: await storageFor(mode, 'memory') });
  const client = await new MongoClient(server.uri).connect();
  await client.db('bench').command({ ping: 1 });
  const figure = await measureMemory(client);
  await client.close();
  await server.stop();
  console.log(JSON.stringify(figure));
}

async function measureMemory(client: MongoClient): Promise<MemoryFigure> {
  gc();
  const before = process.memoryUsage();
  const mem = client.db('bench').collection<AccountDocument>('memory');
  for (let b = 0; b < MEMORY_DOCS / 1000; b++) {
    await mem.insertMany(Array.from({ length: 1000 }, (_, i) => memoryDoc(b * 1000 + i)));
  }
  gc();
  const after = process.memoryUsage();
  return {
    heapPerDoc: (after.heapUsed - before.heapUsed) / MEMORY_DOCS,
    rssPerDoc: (after.rss - before.rss) / MEMORY_DOCS,
    bsonPerDoc: BSON.calculateObjectSize(memoryDoc(MEMORY_DOCS / 2)),
  };
}

async function suite(mode: Mode): Promise<{ figures: Figures; memory: MemoryFigure; scans: number }> {
  const figures: Figures = new Map();
  const server = await startMongoServer({ port: 0, storage: await storageFor(mode, 'wire') });
  const client = await new MongoClient(server.uri).connect();
  const engine = await MongoEngine.open(await storageFor(mode, 'baseline'));
  const coll = client.db('bench').collection<AccountDocument>('accounts');
  const cmd = (body: Document) => engine.command({ ...body, $db: 'bench' });
  await coll.createIndex({ email: 1 }, { unique: true });
  await cmd({ createIndexes: 'accounts', indexes: [{ key: { email: 1 }, name: 'email_1', unique: true }] });

  const memory = await measureMemoryInChild(mode);

  // Reading everything back: one find plus getMores of 16 MB batches.
  const mem = client.db('bench').collection<AccountDocument>('memory');
  for (let b = 0; b < MEMORY_DOCS; b += 1000) {
    await mem.insertMany(Array.from({ length: 1000 }, (_, i) => memoryDoc(b + i)));
  }
  const findDriver = await rate(MEMORY_DOCS, () => mem.find({}).toArray());
  for (let b = 0; b < MEMORY_DOCS; b += 1000) {
    const documents = Array.from({ length: 1000 }, (_, i) => memoryDoc(b + i));
    await engine.command({ insert: 'memory', documents, $db: 'bench' });
  }
  const findBase = await rate(MEMORY_DOCS, async () => {
    let reply = await engine.command({ find: 'memory', filter: {}, $db: 'bench' });
    while (!reply.cursor.id.isZero()) {
      reply = await engine.command({ getMore: reply.cursor.id, collection: 'memory', $db: 'bench' });
    }
  });
  figures.set(`find all ${fmt(MEMORY_DOCS)} docs (docs/s)`, {
    kind: 'rate',
    driver: findDriver,
    inProcess: findBase,
  });

  // Warm-up: JIT, connection pool, compiled-query cache.
  for (let i = 0; i < 300; i++) {
    await coll.updateOne({ _id: `acc-${i}` }, upsertStatement(i, 0).u, { upsert: true });
    await cmd({ update: 'accounts', updates: [upsertStatement(i, 0)] });
  }

  // The floor every driver operation pays: one command round trip that does no work.
  const pingDriver = await timeEach(LOOKUPS, () => client.db('admin').command({ ping: 1 }));
  const pingBase = await timeEach(LOOKUPS, () => engine.command({ ping: 1, $db: 'admin' }));
  figures.set('ping (µs)', {
    kind: 'latency',
    driver: pingDriver.p50,
    driverP99: pingDriver.p99,
    inProcess: pingBase.p50,
    inProcessP99: pingBase.p99,
  });
  const pingRaw = await rawPing(server.port, LOOKUPS);
  figures.set('ping, raw socket, no driver (µs)', {
    kind: 'latency',
    driver: pingRaw.p50,
    driverP99: pingRaw.p99,
  });

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
  figures.set('sequential upserts (ops/s)', { kind: 'rate', driver: seqDriver, inProcess: seqBase });

  // Half the batches insert new documents, half update the ones the first half made.
  const bulkN = BULK_BATCHES * 500;
  const batchOf = (b: number) => b % (BULK_BATCHES / 2);
  const bulkDriver = await rate(bulkN, async () => {
    for (let b = 0; b < BULK_BATCHES; b++) {
      const ops: AnyBulkWriteOperation<AccountDocument>[] = [];
      for (let i = 0; i < 500; i++) {
        const s = upsertStatement(batchOf(b) * 500 + i, b);
        ops.push({ updateOne: { filter: s.q, update: s.u, upsert: true } });
      }
      await coll.bulkWrite(ops, { ordered: true });
    }
  });
  const bulkBase = await rate(bulkN, async () => {
    for (let b = 0; b < BULK_BATCHES; b++) {
      const updates = Array.from({ length: 500 }, (_, i) => upsertStatement(batchOf(b) * 500 + i, b));
      await cmd({ update: 'accounts', updates, ordered: true });
    }
  });
  figures.set('bulkWrite 500 upserts (docs/s)', { kind: 'rate', driver: bulkDriver, inProcess: bulkBase });

  const docCount = Math.max(SEQUENTIAL_UPSERTS, bulkN / 2);
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
    figures.set(label, {
      kind: 'latency',
      driver: driver.p50,
      driverP99: driver.p99,
      inProcess: base.p50,
      inProcessP99: base.p99,
    });
  }
  const scans = server.stats.collectionScans - scansBefore;

  await client.close();
  await server.stop();
  await engine.close();
  return { figures, memory, scans };
}

const fmt = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function medianFigure(runs: Figure[]): Figure {
  const pick = (f: (x: Figure) => number | undefined) => {
    const xs = runs.map(f).filter((x): x is number => x !== undefined);
    return xs.length > 0 ? median(xs) : undefined;
  };
  return {
    kind: runs[0].kind,
    driver: pick((f) => f.driver)!,
    driverP99: pick((f) => f.driverP99),
    inProcess: pick((f) => f.inProcess),
    inProcessP99: pick((f) => f.inProcessP99),
  };
}

const show = (f: Figure, which: 'driver' | 'inProcess'): string => {
  const v = f[which];
  if (v === undefined) return '';
  if (f.kind === 'rate') return fmt(v);
  const p99 = which === 'driver' ? f.driverP99 : f.inProcessP99;
  return `${fmt(v, 1)} / ${fmt(p99!, 0)}`;
};
/** How many times faster in process than through the driver (the wire + driver's share). */
const wireRatio = (f: Figure): string => {
  if (f.inProcess === undefined) return '';
  return `${fmt(f.kind === 'rate' ? f.inProcess / f.driver : f.driver / f.inProcess, 1)}x`;
};

async function main(): Promise<void> {
  const runs: Record<Mode, { figures: Figures; memory: MemoryFigure; scans: number }[]> = {
    memory: [],
    durable: [],
  };
  for (let r = 0; r < ROUNDS; r++) {
    for (const mode of ['memory', 'durable'] as const) runs[mode].push(await suite(mode));
  }
  const names = [...runs.memory[0].figures.keys()];
  const med = (mode: Mode, name: string) => medianFigure(runs[mode].map((r) => r.figures.get(name)!));

  console.log(`\nembedded MongoDB benchmark, ${ROUNDS} round(s), medians${QUICK ? ' (--quick)' : ''}`);
  console.log(`Node ${process.version}; durable storage under ${DURABLE_ROOT}`);
  console.log(
    'latencies are p50 / p99 µs; "wire" = in process ÷ driver (how much the driver and TCP cost)\n',
  );
  const header = [
    'operation',
    'memory: driver',
    'in process',
    'wire',
    'durable: driver',
    'in process',
    'wire',
    'durable/memory',
  ];
  const rows = names.map((name) => {
    const m = med('memory', name);
    const d = med('durable', name);
    const vsMemory = m.kind === 'rate' ? d.driver / m.driver : m.driver / d.driver;
    return [
      name,
      show(m, 'driver'),
      show(m, 'inProcess'),
      wireRatio(m),
      show(d, 'driver'),
      show(d, 'inProcess'),
      wireRatio(d),
      `${fmt(vsMemory, 2)}x`,
    ];
  });
  const widths = header.map((_, c) => Math.max(...[header, ...rows].map((r) => r[c].length)));
  for (const r of [header, ...rows]) console.log(r.map((cell, c) => cell.padEnd(widths[c])).join('  '));

  for (const mode of ['memory', 'durable'] as const) {
    const heap = median(runs[mode].map((r) => r.memory.heapPerDoc));
    const rss = median(runs[mode].map((r) => r.memory.rssPerDoc));
    const bson = runs[mode][0].memory.bsonPerDoc;
    const scans = runs[mode].reduce((n, r) => n + r.scans, 0);
    console.log(
      `\n${mode}: ${fmt(MEMORY_DOCS)} documents of ${bson} BSON bytes hold ${fmt(heap)} heap bytes/doc ` +
        `(${fmt(heap / bson, 1)}x their BSON size), rss +${fmt(rss)} bytes/doc (fresh process); ` +
        `collection scans during the lookups: ${scans}`,
    );
  }
}

const probe = arg('--memory-probe');
(probe ? memoryProbe(probe as Mode) : main())
  .catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const dir of createdDirs) await rm(dir, { recursive: true, force: true });
  });
