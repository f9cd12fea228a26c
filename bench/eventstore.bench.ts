/**
 * The embedded event store through the official client (@eventstore/db-client). The server runs
 * as a child process (`main.ts`, as `npm run eventstore` runs it), so client and server each have
 * a core of their own and the server's CPU and memory are its own: each figure says how busy each
 * side was, which tells whether the server or the client set it. Durable mode on a temp dir and
 * memory mode; each throughput figure is the median of several runs, the durable ones beside a
 * baseline taken in the same run: a raw loop of durable writes on the same disk, written as the
 * server writes (O_DSYNC, into a file extended with zeros beforehand): the physical ceiling of
 * one durable write at a time. Also: the server's resident memory after 1 M events of 200 bytes,
 * and its restart (recovery) time. CPU columns are the share of one core each side used.
 * Run: npm run bench:eventstore [-- --quick] [-- --catch-up-only]
 * Env: BENCH_DIR (default the OS temp dir), BENCH_CPU_PROFILE_DIR (profile the servers).
 */
import {
  binaryEvent,
  EventStoreDBClient,
  eventTypeFilter,
  START,
  streamNameFilter,
} from '@eventstore/db-client';
import type { AppendExpectedRevision, AppendResult, Filter } from '@eventstore/db-client';
import { randomBytes } from 'node:crypto';
import { transformFile } from '@swc/core';
import { closeSync, constants, fdatasyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerProcess } from '../servers/eventstore/src/testing/server-process.js';
import { startServerProcess } from '../servers/eventstore/src/testing/server-process.js';
import { ownCpuSeconds, processCpuSeconds } from './process-cpu.js';

const QUICK = process.argv.includes('--quick');
/** Only the catch-up section (for profiling and before/after comparisons of the read path). */
const CATCH_UP_ONLY = process.argv.includes('--catch-up-only');
const RUNS = QUICK ? 1 : 3;
const SECONDS = QUICK ? 1 : 3;
const CATCH_UP_EVENTS = QUICK ? 50_000 : 200_000;
const CATCH_UP_WARM_UP_EVENTS = 50_000;
const MEMORY_EVENTS = QUICK ? 200_000 : 1_000_000;
const MEMORY_BATCH = 1_000;
const IDLE_SECONDS = QUICK ? 2 : 5;
/** Warm-up before the measured cases (connection, server features, JIT), with 16 writers. */
const WARM_UP_SECONDS = 1.5;
/** Length of each raw baseline loop: thousands of writes, plenty for a rate. */
const BASELINE_SECONDS = 1;
/** Space the baseline loop writes into, zero-filled first and then overwritten round and round. */
const BASELINE_FILE_BYTES = 16 * 1024 * 1024;
const EVENT_BYTES = 200;
/** Bytes one 200-byte event takes in the log (frame header + record): the baseline's write size. */
const FRAMED_EVENT_BYTES = 330;
const BENCH_DIR = process.env.BENCH_DIR ?? tmpdir();
/**
 * A directory for V8 CPU profiles of the throughput and catch-up servers (`--cpu-prof`), one
 * file each, written when the server stops; open them in Chrome DevTools or speedscope.
 */
const CPU_PROFILE_DIR = process.env.BENCH_CPU_PROFILE_DIR;
const DATA = randomBytes(EVENT_BYTES);

const now = (): number => performance.now() / 1000;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const pct = (n: number): string => `${Math.round(n * 100)}%`;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const event = (type = 'MoneyDeposited') => binaryEvent({ type, data: DATA });
/** Event types the catch-up fill cycles through, so that a type filter keeps a quarter. */
const FILL_TYPES = ['MoneyDeposited', 'MoneyWithdrawn', 'AccountOpened', 'FeeCharged'];

function rssMb(pid: number): { rss: number; anon: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1]);
  return { rss: kb('VmRSS') / 1024, anon: kb('RssAnon') / 1024 };
}

interface Sample {
  rate: number;
  /** Share of one core each side used during the run (throughput samples only). */
  cpu?: { server: number; client: number };
}

/** Runs `work` (which returns how many events it handled) and rates it, with both sides' CPU. */
async function sample(server: ServerProcess, work: () => Promise<number>): Promise<Sample> {
  const pid = server.child.pid!;
  const [wall, server0, client0] = [now(), processCpuSeconds(pid), ownCpuSeconds()];
  const events = await work();
  const seconds = now() - wall;
  return {
    rate: events / seconds,
    cpu: {
      server: (processCpuSeconds(pid) - server0) / seconds,
      client: (ownCpuSeconds() - client0) / seconds,
    },
  };
}

/**
 * The ceiling: one durable write after another, synchronous syscalls, nothing else, written as
 * the server writes: O_DSYNC into space zero-filled beforehand (no file-size journal commit).
 */
function rawAppendLoop(dir: string, bytesPerWrite: number): number {
  const path = join(dir, `raw-${bytesPerWrite}.bin`);
  const zeros = openSync(path, 'w');
  writeSync(zeros, Buffer.alloc(BASELINE_FILE_BYTES));
  fdatasyncSync(zeros);
  closeSync(zeros);
  const fd = openSync(path, constants.O_WRONLY | constants.O_DSYNC);
  const buf = Buffer.alloc(bytesPerWrite, 7);
  const slots = Math.floor(BASELINE_FILE_BYTES / bytesPerWrite);
  let n = 0;
  const end = now() + BASELINE_SECONDS;
  while (now() < end) {
    writeSync(fd, buf, 0, buf.length, (n % slots) * buf.length);
    n++;
  }
  closeSync(fd);
  return n / BASELINE_SECONDS;
}

/** `writers` concurrent loops, each appending `batch` events at a time to its own stream. */
async function appendLoad(
  client: EventStoreDBClient,
  writers: number,
  batch: number,
  seconds = SECONDS,
): Promise<number> {
  let events = 0;
  const prefix = `bench-${Math.random().toString(36).slice(2)}`;
  const end = now() + seconds;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      let expectedRevision: AppendExpectedRevision = 'no_stream';
      while (now() < end) {
        const batchEvents = Array.from({ length: batch }, event);
        const result: AppendResult = await client.appendToStream(
          `${prefix}-${w}`,
          batch === 1 ? batchEvents[0]! : batchEvents,
          { expectedRevision },
        );
        expectedRevision = result.nextExpectedRevision;
        events += batch;
      }
    }),
  );
  return events;
}

/**
 * Appends `count` events in batches of `batch`, 8 appends in flight, round-robin over streams,
 * their types cycling through `types`.
 */
async function fill(
  client: EventStoreDBClient,
  count: number,
  batch: number,
  streams: number,
  types: readonly string[] = ['MoneyDeposited'],
): Promise<number> {
  const inFlight = new Set<Promise<boolean>>();
  for (let i = 0; i < count / batch; i++) {
    const append: Promise<boolean> = client
      .appendToStream(
        `fill-${i % streams}`,
        Array.from({ length: batch }, (_, j) => event(types[j % types.length])),
      )
      .then(() => inFlight.delete(append));
    inFlight.add(append);
    if (inFlight.size >= 8) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  return count;
}

/** Catch-up `subscribeToAll` from the start until `count` events arrived. */
async function catchUpLoad(client: EventStoreDBClient, count: number): Promise<number> {
  const subscription = client.subscribeToAll({ fromPosition: START });
  let seen = 0;
  for await (const _ of subscription) {
    if (++seen >= count) break;
  }
  await subscription.unsubscribe();
  return seen;
}

/**
 * A filtered catch-up `subscribeToAll` from the start (with a checkpoint handler, as projectors
 * have) until it is caught up; returns the `$all` events it went through (`total`), and puts
 * how many it delivered in `delivered`.
 */
async function filteredCatchUpLoad(
  client: EventStoreDBClient,
  filter: Filter,
  total: number,
  delivered: number[],
): Promise<number> {
  let seen = 0;
  let checkpoints = 0;
  const subscription = client.subscribeToAll({
    fromPosition: START,
    filter: { ...filter, checkpointReached: () => void checkpoints++ },
  });
  await new Promise<void>((resolve, reject) => {
    subscription.on('data', () => seen++);
    subscription.on('caughtUp', () => resolve());
    subscription.on('error', reject);
  });
  await subscription.unsubscribe();
  if (checkpoints === 0) throw new Error('a filtered catch-up delivered no checkpoint');
  delivered.push(seen);
  return total;
}

interface Row {
  name: string;
  samples: Sample[];
  unit: string;
  baseline?: number;
  target?: string;
}
const rows: Row[] = [];

function report(row: Row): void {
  rows.push(row);
  const m = median(row.samples.map((s) => s.rate));
  const ratio = row.baseline ? `, ${(m / row.baseline).toFixed(2)}× baseline ${fmt(row.baseline)}` : '';
  const runs = row.samples.map(
    (s) => fmt(s.rate) + (s.cpu ? ` (server ${pct(s.cpu.server)}, client ${pct(s.cpu.client)})` : ''),
  );
  console.log(`  ${row.name}: ${fmt(m)} ${row.unit}${ratio}; runs: ${runs.join(', ')}`);
}

async function withServer<T>(
  dataDir: string | undefined,
  run: (client: EventStoreDBClient, server: ServerProcess) => Promise<T>,
): Promise<T> {
  const nodeArgs = CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROFILE_DIR}`] : [];
  const server = await startServerProcess(dataDir, { readyTimeoutMs: 120_000, nodeArgs });
  const client = EventStoreDBClient.connectionString(server.connectionString);
  try {
    return await run(client, server);
  } finally {
    await client.dispose();
    await server.stop();
  }
}

const CASES = [
  { name: '1 writer, 1 event/append', writers: 1, batch: 1, target: undefined },
  { name: '16 writers, 1 event/append', writers: 16, batch: 1, target: '≥ 8,000' },
  { name: '1 writer, 100 events/append', writers: 1, batch: 100, target: '≥ 30,000' },
  { name: '4 writers, 100 events/append', writers: 4, batch: 100, target: '≥ 30,000' },
] as const;

async function throughput(mode: 'durable' | 'memory', dir: string): Promise<void> {
  console.log(`\n${mode} mode, appends:`);
  const samples: Sample[][] = CASES.map(() => []);
  const raw1: number[] = [];
  const raw100: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const dataDir = mode === 'durable' ? await mkdtemp(join(dir, 'run-')) : undefined;
    // fdatasync latency drifts a lot on shared VMs: the baseline is taken beside each run.
    if (mode === 'durable') {
      raw1.push(rawAppendLoop(dir, FRAMED_EVENT_BYTES));
      raw100.push(rawAppendLoop(dir, 100 * FRAMED_EVENT_BYTES) * 100);
    }
    await withServer(dataDir, async (client, server) => {
      // Many writers run the hot paths most often: the JIT is warm sooner than with one.
      await appendLoad(client, 16, 1, WARM_UP_SECONDS);
      for (const [i, c] of CASES.entries()) {
        samples[i]!.push(await sample(server, () => appendLoad(client, c.writers, c.batch)));
      }
    });
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
  for (const [i, c] of CASES.entries()) {
    const baseline = mode === 'memory' ? undefined : median(c.batch === 1 ? raw1 : raw100);
    report({
      name: `${mode}: ${c.name}`,
      samples: samples[i]!,
      unit: 'events/s',
      baseline,
      target: c.target,
    });
  }
}

async function catchUp(mode: 'durable' | 'memory', dir: string): Promise<void> {
  const dataDir = mode === 'durable' ? await mkdtemp(join(dir, 'catch-up-')) : undefined;
  await withServer(dataDir, async (client, server) => {
    const filled = await sample(server, () => fill(client, CATCH_UP_EVENTS, 500, 100, FILL_TYPES));
    report({ name: `${mode}: fill, 500 events/append, 8 in flight`, samples: [filled], unit: 'events/s' });
    // The client process's read path is cold until it has decoded some events: without a
    // warm-up the first catch-up measured (durable) ran ~40 % slower than the later ones.
    await catchUpLoad(client, CATCH_UP_WARM_UP_EVENTS);
    const samples: Sample[] = [];
    for (let run = 0; run < RUNS; run++) {
      samples.push(await sample(server, () => catchUpLoad(client, CATCH_UP_EVENTS)));
    }
    const name = `${mode}: catch-up subscribeToAll, ${fmt(CATCH_UP_EVENTS)} events`;
    report({ name, samples, unit: 'events/s', target: '≥ 40,000' });
    const filters = [
      ['event type prefix', eventTypeFilter({ prefixes: ['MoneyDeposited'] })],
      ['stream prefix', streamNameFilter({ prefixes: ['fill-1'] })],
    ] as const;
    for (const [what, filter] of filters) {
      const filtered: Sample[] = [];
      const delivered: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        filtered.push(
          await sample(server, () => filteredCatchUpLoad(client, filter, CATCH_UP_EVENTS, delivered)),
        );
      }
      report({
        name: `${mode}: filtered catch-up (${what}, ${fmt(median(delivered))} delivered), $all events gone through`,
        samples: filtered,
        unit: 'events/s',
      });
    }
  });
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}

/** Samples without CPU figures: sizes and durations. */
const plain = (values: number[]): Sample[] => values.map((rate) => ({ rate }));

/**
 * The server compiled to plain JavaScript under `dir` (as a build would ship it), so that its
 * memory can be told apart from the TypeScript loader's (`npm run eventstore` runs main.ts through
 * @swc-node/register, which alone takes over 100 MB). Returns the path of the compiled main.js.
 */
async function compileServer(dir: string): Promise<string> {
  const repo = fileURLToPath(new URL('../', import.meta.url));
  const out = join(dir, 'compiled');
  // The shared storage package goes where the compiled server's import of it resolves first.
  const shared = join(out, 'node_modules/@embedded-servers/storage');
  await compilePackage(join(repo, 'servers/eventstore/src'), out, '{ "type": "module" }\n');
  await compilePackage(
    join(repo, 'servers/storage/src'),
    shared,
    '{ "type": "module", "main": "index.js" }\n',
  );
  await symlink(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return join(out, 'main.js');
}

async function compilePackage(source: string, out: string, packageJson: string): Promise<void> {
  const files = (await readdir(source, { recursive: true })).filter(
    (f) => f.endsWith('.ts') && !f.includes('.spec.'),
  );
  for (const file of files) {
    const { code } = await transformFile(join(source, file), {
      jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
      module: { type: 'es6' },
    });
    const target = join(out, file).replace(/\.ts$/, '.js');
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, code);
  }
  await writeFile(join(out, 'package.json'), packageJson);
}

async function memoryAndRestart(dir: string, compiledMain: string | undefined): Promise<void> {
  const how = compiledMain ? 'compiled JS' : 'TypeScript loader';
  const dataDir = await mkdtemp(join(dir, 'memory-'));
  console.log(
    `\nresident memory and restart (${how}), ${fmt(MEMORY_EVENTS)} events of ${EVENT_BYTES} bytes:`,
  );
  const start = () => startServerProcess(dataDir, { readyTimeoutMs: 120_000, compiledMain });
  const server = await start();
  const client = EventStoreDBClient.connectionString(server.connectionString);
  try {
    const pid = server.child.pid!;
    report({ name: `${how}: server RSS, empty`, samples: plain([rssMb(pid).rss]), unit: 'MB' });
    const filled = await sample(server, () => fill(client, MEMORY_EVENTS, MEMORY_BATCH, 1_000));
    report({
      name: `${how}: fill, ${MEMORY_BATCH} events/append, 1,000 streams`,
      samples: [filled],
      unit: 'events/s',
    });
    const after = rssMb(pid);
    report({
      name: `${how}: server RSS right after the fill`,
      samples: plain([after.rss]),
      unit: 'MB',
      target: '< 300',
    });
    // V8 may give back heap it grew under load once the process has been idle for a while.
    const idleUntil = now() + IDLE_SECONDS;
    while (now() < idleUntil) await new Promise((resolve) => setTimeout(resolve, 500));
    const idle = rssMb(pid);
    report({
      name: `${how}: server RSS after ${IDLE_SECONDS} s idle`,
      samples: plain([idle.rss]),
      unit: 'MB',
      target: '< 300',
    });
  } finally {
    await client.dispose();
    await server.stop();
  }
  const restarts: number[] = [];
  const recoveries: number[] = [];
  const recovered: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = now();
    const again = await start();
    restarts.push((now() - started) * 1000);
    recoveries.push(Number(/recovered \d+ events in (\d+) ms/.exec(again.output())?.[1] ?? NaN));
    recovered.push(rssMb(again.child.pid!).rss);
    await again.stop();
  }
  report({
    name: `${how}: server RSS after restart`,
    samples: plain(recovered),
    unit: 'MB',
  });
  report({
    name: `${how}: restart, spawn to listening`,
    samples: plain(restarts),
    unit: 'ms',
  });
  report({
    name: `${how}:   of which log recovery`,
    samples: plain(recoveries),
    unit: 'ms',
  });
  await rm(dataDir, { recursive: true, force: true });
}

/** The range of a row's runs, the spread a rerun should expect (shared VMs drift a lot). */
function spread(row: Row): string {
  const rates = row.samples.map((s) => s.rate);
  return rates.length > 1 ? `${fmt(Math.min(...rates))}–${fmt(Math.max(...rates))}` : '';
}

function printTable(): void {
  console.log(
    '\n| case | median | runs (min–max) | unit | vs raw durable-write loop | server CPU | client CPU | target |',
  );
  console.log('|---|---:|---:|---|---:|---:|---:|---|');
  for (const row of rows) {
    const m = median(row.samples.map((s) => s.rate));
    const cpu = (side: 'server' | 'client') => {
      const values = row.samples.flatMap((s) => (s.cpu ? [s.cpu[side]] : []));
      return values.length ? pct(median(values)) : '';
    };
    const ratio = row.baseline ? `${(m / row.baseline).toFixed(2)}× of ${fmt(row.baseline)}` : '';
    console.log(
      `| ${row.name} | ${fmt(m)} | ${spread(row)} | ${row.unit} | ${ratio} | ${cpu('server')} | ${cpu('client')} | ${row.target ?? ''} |`,
    );
  }
}

async function main(): Promise<void> {
  const started = now();
  const dir = await mkdtemp(join(BENCH_DIR, 'eventstore-bench-'));
  console.log(
    `event store benchmark: server in a child process, official client in this one; ` +
      `${RUNS} run(s) of ${SECONDS} s per case; ${EVENT_BYTES}-byte events; data in ${dir}`,
  );
  const section = async (run: () => Promise<void>): Promise<void> => {
    const at = now();
    await run();
    console.log(`  (${Math.round(now() - at)} s)`);
  };
  try {
    if (!CATCH_UP_ONLY) {
      await section(() => throughput('durable', dir));
      await section(() => throughput('memory', dir));
    }
    console.log('\ncatch-up:');
    await section(async () => {
      await catchUp('durable', dir);
      await catchUp('memory', dir);
    });
    if (!CATCH_UP_ONLY) {
      await section(() => memoryAndRestart(dir, undefined));
      await section(async () => memoryAndRestart(dir, await compileServer(dir)));
    }
    printTable();
    console.log(`\nbenchmark took ${Math.round(now() - started)} s`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
