/**
 * Storage-level benchmark of FileLogStorage (the embedded event store's durable log), each figure
 * beside a baseline measured in the same run on the same disk:
 *   - durable appends/s, 1 and 16 concurrent writers, and batches of 100, vs a raw
 *     write + fdatasync loop (the physical ceiling of one durable write at a time);
 *   - recovery time for 1 M events of 200 bytes vs a raw sequential read of the same files,
 *     and resident memory after it (in a child process, so that nothing else is counted).
 * Run: node --import @swc-node/register/esm-register bench/eventstore-log.bench.ts
 * Env: BENCH_DIR (default the OS temp dir), BENCH_SECONDS per throughput run (default 3),
 *      BENCH_EVENTS for recovery (default 1000000).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, fdatasyncSync, openSync, writeSync } from 'node:fs';
import { mkdtemp, open, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { FileLogStorage } from '../servers/eventstore/src/storage/file-log-storage.js';
import { encodeFrame } from '../servers/eventstore/src/storage/log-record.codec.js';
import type { EventRecord } from '../servers/eventstore/src/storage/log-storage.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const RECOVERY_EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const BENCH_DIR = process.env.BENCH_DIR ?? tmpdir();
const DATA = Buffer.alloc(200, 'x');

function event(stream: string, revision: number): EventRecord {
  return {
    streamName: stream,
    revision: BigInt(revision),
    eventId: randomUUID(),
    type: 'MoneyDeposited',
    contentType: 'application/json',
    created: 638_000_000_000_000_000n,
    data: DATA,
    metadata: new Uint8Array(0),
  };
}

const now = () => performance.now() / 1000;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** The ceiling: one durable write after another, synchronous syscalls, no framing. */
function rawAppendLoop(dir: string, bytesPerWrite: number): number {
  const fd = openSync(join(dir, `raw-${bytesPerWrite}.bin`), 'w');
  const buf = Buffer.alloc(bytesPerWrite, 7);
  let n = 0;
  let offset = 0;
  const end = now() + SECONDS;
  while (now() < end) {
    writeSync(fd, buf, 0, buf.length, offset);
    fdatasyncSync(fd);
    offset += buf.length;
    n++;
  }
  closeSync(fd);
  return n / SECONDS;
}

/** The same loop through the thread pool (async file handle), with the event-loop delay it leaves. */
async function rawAsyncAppendLoop(
  dir: string,
  bytesPerWrite: number,
): Promise<{ rate: number; p99: number; max: number }> {
  const file = await open(join(dir, `raw-async-${bytesPerWrite}.bin`), 'w');
  const buf = Buffer.alloc(bytesPerWrite, 7);
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  let n = 0;
  const end = now() + SECONDS;
  while (now() < end) {
    await file.write(buf, 0, buf.length, n * buf.length);
    await file.datasync();
    n++;
  }
  delay.disable();
  await file.close();
  return { rate: n / SECONDS, p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 };
}

interface Throughput {
  eventsPerSecond: number;
  appendsPerSecond: number;
  eventsPerSync: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

async function storageRun(dir: string, writers: number, batchSize: number): Promise<Throughput> {
  const storage = new FileLogStorage(dir);
  await storage.open(() => undefined);
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  let appends = 0;
  const end = now() + SECONDS;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let rev = 0; now() < end; rev += batchSize) {
        await storage.append(Array.from({ length: batchSize }, (_, i) => event(`account-${w}`, rev + i)));
        appends++;
      }
    }),
  );
  delay.disable();
  const { fdatasyncs, events } = storage.stats;
  await storage.close();
  return {
    appendsPerSecond: appends / SECONDS,
    eventsPerSecond: (appends * batchSize) / SECONDS,
    eventsPerSync: events / fdatasyncs,
    loopDelayP99Ms: delay.percentile(99) / 1e6,
    loopDelayMaxMs: delay.max / 1e6,
  };
}

async function fillLog(dir: string, count: number): Promise<number> {
  const storage = new FileLogStorage(dir);
  await storage.open(() => undefined);
  const started = now();
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < count; i += 1000) {
    const stream = `account-${randomUUID()}`;
    pending.push(
      storage.append(Array.from({ length: Math.min(1000, count - i) }, (_, j) => event(stream, j))),
    );
    if (pending.length >= 8) await pending.shift();
  }
  await Promise.all(pending);
  await storage.close();
  return now() - started;
}

/** Raw sequential read of every segment file: the ceiling for a recovery scan. */
async function rawRead(dir: string): Promise<{ seconds: number; bytes: number }> {
  const started = now();
  const buf = Buffer.allocUnsafe(8 * 1024 * 1024);
  let bytes = 0;
  for (const name of (await readdir(dir)).sort()) {
    const file = await open(join(dir, name), 'r');
    for (let r; (r = await file.read(buf, 0, buf.length, null)).bytesRead > 0;) bytes += r.bytesRead;
    await file.close();
  }
  return { seconds: now() - started, bytes };
}

interface RecoveryFigures {
  seconds: number;
  events: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  heapAfterMb: number;
  keepHeaders: boolean;
}

/** Child process mode: recover the log once and report time and memory as JSON. */
async function recoverChild(dir: string, keepHeaders: boolean): Promise<void> {
  const mb = (n: number) => n / 1024 / 1024;
  const rssBeforeMb = mb(process.memoryUsage().rss);
  const storage = new FileLogStorage(dir);
  const headers: unknown[] = [];
  let events = 0;
  const started = now();
  await storage.open((h) => {
    events++;
    if (keepHeaders) headers.push(h);
  });
  const seconds = now() - started;
  // The child runs with --expose-gc: measure what stays alive, not garbage awaiting collection.
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  const figures: RecoveryFigures = {
    seconds,
    events,
    rssBeforeMb,
    rssAfterMb: mb(usage.rss),
    heapAfterMb: mb(usage.heapUsed),
    keepHeaders,
  };
  process.stdout.write(JSON.stringify(figures));
  await storage.close();
}

function recoverInChild(dir: string, keepHeaders: boolean): Promise<RecoveryFigures> {
  const self = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const args = [
      '--expose-gc',
      '--import',
      '@swc-node/register/esm-register',
      self,
      '--recover',
      dir,
      String(keepHeaders),
    ];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`child exit ${code}`)),
    );
  });
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(BENCH_DIR, 'eventstore-log-bench-'));
  try {
    const oneEventFrame = encodeFrame([event(`account-${randomUUID()}`, 0)]).bytes.length;
    const hundredFrame = encodeFrame(Array.from({ length: 100 }, (_, i) => event('account-1', i))).bytes
      .length;
    console.log(`FileLogStorage benchmark, ${SECONDS} s per run, data in ${dir}`);
    console.log(
      `one 200-byte event = ${oneEventFrame} bytes framed; a batch of 100 = ${hundredFrame} bytes\n`,
    );

    // The disk's fdatasync latency drifts a lot on shared VMs: each run gets its baseline just before it.
    const runs: [string, number, number, number][] = [
      ['1 writer, 1 event/append', 1, 1, oneEventFrame],
      ['16 writers, 1 event/append', 16, 1, oneEventFrame],
      ['1 writer, 100 events/append', 1, 100, hundredFrame],
      ['16 writers, 100 events/append', 16, 100, hundredFrame],
    ];
    for (const [name, writers, batch, frameBytes] of runs) {
      const raw = rawAppendLoop(dir, frameBytes);
      const rawAsync = await rawAsyncAppendLoop(dir, frameBytes);
      const sub = await mkdtemp(join(dir, 'run-'));
      const r = await storageRun(sub, writers, batch);
      await rm(sub, { recursive: true, force: true });
      console.log(`${name}:`);
      console.log(
        `  baseline raw write(${frameBytes} B)+fdatasync: sync loop ${fmt(raw)}/s = ${fmt(raw * batch)} events/s; ` +
          `async loop ${fmt(rawAsync.rate)}/s, loop delay p99 ${rawAsync.p99.toFixed(1)} ms, max ${rawAsync.max.toFixed(1)} ms`,
      );
      console.log(
        `  FileLogStorage: ${fmt(r.appendsPerSecond)} appends/s = ${fmt(r.eventsPerSecond)} events/s ` +
          `(${(r.eventsPerSecond / (raw * batch)).toFixed(2)}× the raw sync loop), ` +
          `${r.eventsPerSync.toFixed(1)} events/fdatasync, ` +
          `loop delay p99 ${r.loopDelayP99Ms.toFixed(1)} ms, max ${r.loopDelayMaxMs.toFixed(1)} ms`,
      );
    }

    const logDir = await mkdtemp(join(dir, 'recovery-'));
    const fillSeconds = await fillLog(logDir, RECOVERY_EVENTS);
    const raw = await rawRead(logDir);
    console.log(
      `\nfilled ${fmt(RECOVERY_EVENTS)} events (${fmt(raw.bytes / 1024 / 1024)} MiB) in ${fillSeconds.toFixed(1)} s ` +
        `(batches of 1000: ${fmt(RECOVERY_EVENTS / fillSeconds)} events/s)`,
    );
    console.log(
      `baseline raw sequential read of the log: ${raw.seconds.toFixed(2)} s ` +
        `(${fmt(raw.bytes / 1024 / 1024 / raw.seconds)} MiB/s, page cache warm)`,
    );
    for (const keep of [false, true]) {
      const r = await recoverInChild(logDir, keep);
      console.log(
        `recovery ${keep ? '(caller keeps 1 M headers)' : '(caller keeps nothing) '}: ${r.seconds.toFixed(2)} s, ` +
          `${fmt(r.events / r.seconds)} events/s, ${(r.seconds / raw.seconds).toFixed(1)}× raw read; ` +
          `RSS ${fmt(r.rssBeforeMb)} → ${fmt(r.rssAfterMb)} MB (+${fmt(r.rssAfterMb - r.rssBeforeMb)} MB), ` +
          `heap ${fmt(r.heapAfterMb)} MB; log on disk ${fmt(raw.bytes / 1024 / 1024)} MiB`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--recover') {
  await recoverChild(process.argv[3], process.argv[4] === 'true');
} else {
  await main();
}
