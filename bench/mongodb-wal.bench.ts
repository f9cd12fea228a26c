/**
 * Storage-level benchmark of the embedded MongoDB's write-ahead log: commits/s with 1 and 64
 * concurrent committers of one-document batches and with batches of 500 documents, beside a raw
 * append + fdatasync loop on the same disk in the same run.
 *
 *   node --import @swc-node/register/esm-register bench/mongodb-wal.bench.ts [seconds] [rounds] [dir]
 *
 * Cases run interleaved for several rounds and the median is reported, since fsync latency on
 * shared or virtual disks drifts. The directory defaults to the OS temp dir.
 */
import { closeSync, fdatasyncSync, openSync, writeSync } from 'node:fs';
import { mkdtemp, open, readdir, rm, stat } from 'node:fs/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Double, Int32, Long, ObjectId, UUID } from 'bson';
import type { Change } from '../servers/mongodb/src/storage/mongo-storage.js';
import { WalMongoStorage } from '../servers/mongodb/src/storage/wal-mongo-storage.js';

const seconds = Number(process.argv[2] ?? 2);
const rounds = Number(process.argv[3] ?? 3);
const root = await mkdtemp(join(process.argv[4] ?? tmpdir(), 'mongodb-wal-bench-'));

/** A read-model document of about the size the ledger's projections write. */
const accountDoc = (n: number) => ({
  _id: new UUID().toHexString(),
  ownerId: new ObjectId(),
  currency: 'EUR',
  balance: Long.fromNumber(n * 100),
  overdraftLimit: new Int32(0),
  rate: new Double(1),
  status: 'open',
  revision: new Int32(n),
  position: Long.fromNumber(n * 7),
  updatedAt: new Date(),
});

// Made up front so the figures measure the storage, not random UUID generation.
const pool: Change[] = Array.from({ length: 20_000 }, (_, n) => ({
  t: 'put',
  db: 'ledger',
  coll: 'accounts',
  doc: accountDoc(n),
}));
const put = (n: number): Change => pool[n % pool.length];

interface Result {
  name: string;
  commits: number;
  docs: number;
  elapsed: number;
  flushes?: number;
  snapshots?: number;
  /** Longest event-loop stall seen during the case, in ms. */
  loopMaxMs?: number;
}

let runs = 0;

async function rawLoop(name: string, sync: boolean): Promise<Result> {
  const path = join(root, `raw-${runs++}.log`);
  const record = Buffer.alloc(200, 7);
  const deadline = Date.now() + seconds * 1000;
  const started = performance.now();
  let commits = 0;
  if (sync) {
    const fd = openSync(path, 'a');
    while (Date.now() < deadline) {
      writeSync(fd, record);
      fdatasyncSync(fd);
      commits++;
    }
    closeSync(fd);
  } else {
    const handle = await open(path, 'a');
    while (Date.now() < deadline) {
      await handle.write(record);
      await handle.datasync();
      commits++;
    }
    await handle.close();
  }
  return { name, commits, docs: commits, elapsed: (performance.now() - started) / 1000 };
}

async function walLoop(name: string, committers: number, docsPerBatch: number): Promise<Result> {
  const storage = new WalMongoStorage(join(root, `wal-${runs++}`));
  // The pool stands for the state: each snapshot writes its 20 000 documents.
  await storage.open(
    () => {},
    () => pool,
  );
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const deadline = Date.now() + seconds * 1000;
  const started = performance.now();
  let commits = 0;
  let n = 0;
  const committer = async () => {
    while (Date.now() < deadline) {
      await storage.commit(Array.from({ length: docsPerBatch }, () => put(n++)));
      commits++;
    }
  };
  await Promise.all(Array.from({ length: committers }, committer));
  const elapsed = (performance.now() - started) / 1000;
  loop.disable();
  const { flushes, snapshots } = storage.stats;
  await storage.close();
  const loopMaxMs = loop.max / 1e6;
  return { name, commits, docs: commits * docsPerBatch, elapsed, flushes, snapshots, loopMaxMs };
}

/** One snapshot of a larger state while commits go on, then a recovery from it. */
async function snapshotAndRecovery(docs: number): Promise<string> {
  const state: Change[] = Array.from({ length: docs }, (_, i) => ({
    t: 'put',
    db: 'ledger',
    coll: 'accounts',
    doc: { ...(pool[i % pool.length] as { doc: object }).doc, _id: new Int32(i) },
  }));
  const dir = join(root, 'snapshot');
  const storage = new WalMongoStorage(dir, { snapshotAfterBytes: 1 });
  await storage.open(
    () => {},
    () => state,
  );
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const started = performance.now();
  const first = storage.commit([put(0)]);
  const cutMs = performance.now() - started;
  await first;
  let commits = 1;
  while (storage.stats.snapshots === 0) {
    await storage.commit([put(commits)]);
    commits++;
  }
  const snapshotSeconds = (performance.now() - started) / 1000;
  loop.disable();
  await storage.close();
  const file = (await readdir(dir)).find((name) => name.startsWith('snapshot-'))!;
  const megabytes = (await stat(join(dir, file))).size / 1e6;

  let recovered = 0;
  const reopenStarted = performance.now();
  const reopened = new WalMongoStorage(dir);
  await reopened.open(
    () => recovered++,
    () => [],
  );
  const recoverySeconds = (performance.now() - reopenStarted) / 1000;
  await reopened.close();
  return (
    `snapshot of ${docs.toLocaleString('en-US')} documents (${megabytes.toFixed(0)} MB): dump() taken in ${cutMs.toFixed(0)} ms, ` +
    `written in ${snapshotSeconds.toFixed(2)} s while ${commits} sequential commits went on ` +
    `(${Math.round(commits / snapshotSeconds)}/s), longest event-loop stall ${(loop.max / 1e6).toFixed(0)} ms; ` +
    `recovery of ${recovered.toLocaleString('en-US')} changes in ${recoverySeconds.toFixed(2)} s`
  );
}

const cases: Array<{ name: string; run: (name: string) => Promise<Result> }> = [
  { name: 'raw append+fdatasync (FileHandle, async)', run: (name) => rawLoop(name, false) },
  { name: 'raw append+fdatasync (sync syscalls)', run: (name) => rawLoop(name, true) },
  { name: 'WAL, 1 committer, 1-doc batches', run: (name) => walLoop(name, 1, 1) },
  { name: 'WAL, 64 committers, 1-doc batches', run: (name) => walLoop(name, 64, 1) },
  { name: 'WAL, 1 committer, 500-doc batches', run: (name) => walLoop(name, 1, 500) },
  { name: 'WAL, 8 committers, 500-doc batches', run: (name) => walLoop(name, 8, 500) },
];
const results = new Map<string, Result[]>(cases.map((c) => [c.name, []]));
for (let round = 0; round < rounds; round++) {
  for (const c of cases) results.get(c.name)!.push(await c.run(c.name));
}
const snapshotLine = await snapshotAndRecovery(200_000);
await rm(root, { recursive: true, force: true });

const rate = (r: Result) => r.commits / r.elapsed;
const median = (rs: Result[]): Result => [...rs].sort((a, b) => rate(a) - rate(b))[Math.floor(rs.length / 2)];
const fmt = (x: number) => Math.round(x).toLocaleString('en-US').padStart(9);
const baseline = rate(median(results.get(cases[0].name)!));
console.log(
  `node ${process.version}, ${rounds} rounds x ${seconds} s per case (median round shown), ${root}\n`,
);
console.log(
  'case                                       commits/s     docs/s  syncs/s  batches/sync  vs raw async  loop max  all rounds (commits/s)',
);
for (const c of cases) {
  const r = median(results.get(c.name)!);
  const syncRate = (r.flushes ?? r.commits) / r.elapsed;
  const perSync = r.flushes ? (r.commits / r.flushes).toFixed(1) : '1.0';
  const all = results
    .get(c.name)!
    .map((x) => Math.round(rate(x)))
    .join(' / ');
  console.log(
    `${c.name.padEnd(42)}${fmt(rate(r))} ${fmt(r.docs / r.elapsed)} ${fmt(syncRate)}  ${perSync.padStart(12)}  ` +
      `${(rate(r) / baseline).toFixed(2).padStart(11)}x  ${r.loopMaxMs === undefined ? '       -' : `${r.loopMaxMs.toFixed(0).padStart(5)} ms`}  ${all}${r.snapshots ? ` (${r.snapshots} snapshots)` : ''}`,
  );
}
console.log(`\n${snapshotLine}`);
