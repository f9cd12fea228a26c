/**
 * Command API throughput: opening accounts and deposits, each with and without an
 * Idempotency-Key, over HTTP at concurrency 64 against the embedded event store, compared with
 * the same events appended by a raw appendToStream loop.
 *
 * Processes: the event store and the command API each run as a child process (as they would
 * in production); this process only generates load (node:http, keep-alive) and runs the
 * baseline client. Every endpoint is warmed up first, so no case pays for a cold process.
 * Then a hot account (BENCH_HOT_EVENTS=100000 events on one account) met by a fresh API process.
 * Run: `npm run bench:commands` (BENCH_SECONDS=10 per case, BENCH_ACCOUNTS=1000 for deposits,
 * BENCH_CASES=memory,durable,hot to choose).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ANY, EventStoreDBClient, jsonEvent } from '@eventstore/db-client';

const CONCURRENCY = 64;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 1000);
const HOT_EVENTS = Number(process.env.BENCH_HOT_EVENTS ?? 100_000);
const KEY = randomBytes(16).toString('hex');
// 'log' is the default: one JSON access-log line per request.
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'log';

type Result = { label: string; count: number; errors: number; seconds: number; latencies: number[] };
type Measured = { rate: number; p99: number; errors: number };

/** What every case is held to (the deposit target). */
const TARGET = { rate: 2000, p99Ms: 100 };

// Children never outlive the bench, even when it fails or is interrupted.
const children = new Set<ChildProcess>();
process.on('exit', () => children.forEach((child) => child.kill('SIGKILL')));
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function post(base: URL, path: string, body: unknown, headers: Record<string, string> = {}): Promise<number> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        path,
        method: 'POST',
        headers: {
          authorization: `Bearer ${KEY}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          ...headers,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Runs `task` from CONCURRENCY workers until the deadline (or `count` tasks), timing each. */
async function drive(
  label: string,
  task: (i: number) => Promise<boolean>,
  limit: { seconds?: number; count?: number },
): Promise<Result> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = limit.seconds === undefined ? Infinity : started + limit.seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline && (limit.count === undefined || next < limit.count)) {
      const i = next++;
      const t0 = performance.now();
      const ok = await task(i).catch(() => false);
      latencies.push(performance.now() - t0);
      if (!ok) errors++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { label, count: latencies.length, errors, seconds: (performance.now() - started) / 1000, latencies };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function report(result: Result): Measured {
  const sorted = [...result.latencies].sort((a, b) => a - b);
  const rate = result.count / result.seconds;
  const p99 = percentile(sorted, 99);
  console.log(
    `${result.label.padEnd(44)} ${String(result.count).padStart(7)} ops ${rate.toFixed(0).padStart(6)}/s ` +
      `p50 ${percentile(sorted, 50).toFixed(1).padStart(6)} ms  p99 ${p99.toFixed(1).padStart(6)} ms  errors ${result.errors}`,
  );
  return { rate, p99, errors: result.errors };
}

/** One line: each case against the target, and its rate as a fraction of the raw appends. */
function summary(mode: string, cases: Record<string, Measured>, raw: Measured): string {
  const verdict = (m: Measured) =>
    m.rate >= TARGET.rate && m.p99 < TARGET.p99Ms && m.errors === 0 ? 'met' : 'NOT met';
  const parts = Object.entries(cases).map(
    ([name, m]) =>
      `${name} ${m.rate.toFixed(0)}/s p99 ${m.p99.toFixed(0)} ms ${verdict(m)} ${(m.rate / raw.rate).toFixed(2)}×raw`,
  );
  return `summary ${mode} (target ≥ ${TARGET.rate}/s, p99 < ${TARGET.p99Ms} ms; raw ${raw.rate.toFixed(0)}/s): ${parts.join(' | ')}`;
}

/** Starts a TypeScript child; resolves once its output matches `ready` (at once without one). */
function startChild(
  args: string[],
  env: Record<string, string>,
  ready?: RegExp,
): Promise<{ child: ChildProcess; match: RegExpExecArray | null }> {
  const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let output = '';
  if (!ready) {
    child.stdout?.resume();
    child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    return Promise.resolve({ child, match: null });
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child did not start:\n${output}`)), 60_000);
    let started = false;
    const onData = (chunk: Buffer) => {
      if (started) return; // drained, not kept: request logs would pile up
      output += chunk.toString();
      const match = ready.exec(output);
      if (match) {
        started = true;
        clearTimeout(timer);
        resolve({ child, match });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child exited (${code}):\n${output}`));
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitUntilHealthy(base: URL): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const ok = await fetch(new URL('/ready', base)).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the command API did not become ready');
}

const STORE_SCRIPT = (options: string) => `
const { startEventStore } = await import(${JSON.stringify(join(process.cwd(), 'servers/eventstore/src/index.ts'))});
const store = await startEventStore(${options});
console.log('STORE ' + store.connectionString);
process.on('SIGTERM', async () => { await store.stop(); process.exit(0); });
`;

async function runScenario(mode: 'memory' | 'durable'): Promise<void> {
  const dataDir = mode === 'durable' ? await mkdtemp(join(tmpdir(), 'ledger-bench-')) : undefined;
  const options = JSON.stringify(
    mode === 'memory' ? { memory: true, port: 0 } : { memory: false, port: 0, dataDir },
  );
  const store = await startChild(
    ['--input-type=module', '-e', STORE_SCRIPT(options)],
    {},
    /STORE (esdb:\/\/\S+)/,
  );
  const connectionString = store.match?.[1] ?? '';
  const port = await freePort();
  const api = await startChild(['apps/command-api/src/main.ts'], {
    API_KEYS: JSON.stringify({ client: [KEY] }),
    EVENTSTORE_CONNECTION_STRING: connectionString,
    COMMAND_API_PORT: String(port),
    LOG_LEVEL: LOG_LEVEL,
  });
  const base = new URL(`http://127.0.0.1:${port}`);
  await waitUntilHealthy(base);
  const client = EventStoreDBClient.connectionString(connectionString);
  console.log(
    `\n== event store ${mode}${dataDir ? ` (${dataDir})` : ''}; command API child process, LOG_LEVEL=${LOG_LEVEL}; concurrency ${CONCURRENCY}`,
  );
  try {
    const open = (headers: Record<string, string> = {}, accountId?: string) =>
      post(base, '/accounts', { accountId, ownerId: randomUUID(), currency: 'EUR' }, headers);
    const deposit = (accountId: string, amount: number, headers: Record<string, string> = {}) =>
      post(base, `/accounts/${accountId}/deposits`, { amount }, headers);
    const withKey = () => ({ 'idempotency-key': randomUUID() });

    // Warm-up: every path once through the JIT, on accounts the measured cases do not use.
    const spare = Array.from({ length: 500 }, () => randomUUID());
    await drive('warm-up', async (i) => (await open({}, spare[i])) === 201, { count: spare.length });
    await drive('warm-up', async () => (await open(withKey())) === 201, { count: 1000 });
    await drive('warm-up', async (i) => (await deposit(spare[i % 500], 1)) === 200, { count: 2000 });
    await drive('warm-up', async (i) => (await deposit(spare[i % 500], 1, withKey())) === 200, {
      count: 2000,
    });

    const accounts: string[] = [];
    const openAccounts = report(
      await drive(
        'open accounts (POST /accounts)',
        async () => {
          const accountId = randomUUID();
          const ok = (await open({}, accountId)) === 201;
          if (ok) accounts.push(accountId);
          return ok;
        },
        { seconds: SECONDS },
      ),
    );
    const openKeyed = report(
      await drive('open accounts with Idempotency-Key', async () => (await open(withKey())) === 201, {
        seconds: SECONDS,
      }),
    );
    const depositTo = accounts.slice(0, ACCOUNTS);
    const plain = await drive(
      'deposits (POST …/deposits)',
      async (i) => (await deposit(depositTo[i % depositTo.length], 1 + (i % 100))) === 200,
      { seconds: SECONDS },
    );
    const deposits = report(plain);
    const depositsKeyed = report(
      await drive(
        'deposits with Idempotency-Key',
        async (i) => (await deposit(depositTo[i % depositTo.length], 1, withKey())) === 200,
        { seconds: SECONDS },
      ),
    );

    // Baseline: the same kind of event, appended straight to the same streams.
    const raw = await drive(
      'baseline: raw appendToStream (same events)',
      async (i) => {
        const accountId = depositTo[i % depositTo.length];
        const event = jsonEvent({
          type: 'MoneyDeposited',
          data: { accountId, amount: 1, currency: 'EUR', depositedAt: new Date().toISOString() },
          metadata: {
            correlationId: randomUUID(),
            causationId: randomUUID(),
            commandId: randomUUID(),
            actor: 'bench',
            schemaVersion: 1,
          },
        });
        await client.appendToStream(`account-${accountId}`, event, { expectedRevision: ANY });
        return true;
      },
      { count: plain.count },
    );
    const baseline = report(raw);
    console.log(
      summary(
        mode,
        { open: openAccounts, 'open+key': openKeyed, deposit: deposits, 'deposit+key': depositsKeyed },
        baseline,
      ),
    );
  } finally {
    await client.dispose();
    await stopChild(api.child);
    await stopChild(store.child);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

/** Resident memory of a child process, in MB (Linux /proc). */
async function rssMb(child: ChildProcess): Promise<number> {
  const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

function depositEvent(accountId: string) {
  return jsonEvent({
    type: 'MoneyDeposited',
    data: { accountId, amount: 1, currency: 'EUR', depositedAt: new Date().toISOString() },
    metadata: {
      correlationId: randomUUID(),
      causationId: randomUUID(),
      commandId: randomUUID(),
      actor: 'bench',
      occurredAt: new Date().toISOString(),
      schemaVersion: 1,
    },
  });
}

/**
 * A hot account: HOT_EVENTS events on one account, written long ago (straight to the store);
 * one API process meets it cold (reads it all, keeps a snapshot); then a fresh API process:
 * its first deposit's latency, and steady deposits on the hot account beside the same on a
 * fresh account, at concurrency 64, in the same run.
 */
async function runHotAccount(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ledger-bench-hot-'));
  const store = await startChild(
    ['--input-type=module', '-e', STORE_SCRIPT(JSON.stringify({ memory: false, port: 0, dataDir }))],
    {},
    /STORE (esdb:\/\/\S+)/,
  );
  const connectionString = store.match?.[1] ?? '';
  const client = EventStoreDBClient.connectionString(connectionString);
  const startApi = async () => {
    const port = await freePort();
    const api = await startChild(['apps/command-api/src/main.ts'], {
      API_KEYS: JSON.stringify({ client: [KEY] }),
      EVENTSTORE_CONNECTION_STRING: connectionString,
      COMMAND_API_PORT: String(port),
      LOG_LEVEL: LOG_LEVEL,
    });
    const base = new URL(`http://127.0.0.1:${port}`);
    await waitUntilHealthy(base);
    return { child: api.child, base };
  };
  const deposit = (base: URL, accountId: string) =>
    post(base, `/accounts/${accountId}/deposits`, { amount: 1 });
  const timed = async (work: () => Promise<number>) => {
    const t0 = performance.now();
    const status = await work();
    return { ms: performance.now() - t0, status };
  };
  console.log(
    `\n== hot account: ${HOT_EVENTS} events on one account, durable event store; concurrency ${CONCURRENCY}`,
  );
  const first = await startApi();
  try {
    const [hot, fresh] = [randomUUID(), randomUUID()];
    for (const accountId of [hot, fresh]) {
      await post(first.base, '/accounts', { accountId, ownerId: randomUUID(), currency: 'EUR' });
    }
    const writeStarted = performance.now();
    for (let written = 0; written < HOT_EVENTS; written += 1_000) {
      const batch = Array.from({ length: Math.min(1_000, HOT_EVENTS - written) }, () => depositEvent(hot));
      await client.appendToStream(`account-${hot}`, batch, { expectedRevision: ANY });
    }
    console.log(`history written in ${((performance.now() - writeStarted) / 1000).toFixed(1)} s`);
    const cold = await timed(() => deposit(first.base, hot));
    console.log(
      `first deposit, no snapshot yet (reads all ${HOT_EVENTS} events): ${cold.ms.toFixed(0)} ms (${cold.status})`,
    );
    await waitForSnapshot(client, `snapshot-account-${hot}`);
    await stopChild(first.child);

    const api = await startApi();
    try {
      const rssAtStart = await rssMb(api.child);
      // One request on another account first, so the figure is the hot account's load, not the JIT's first run.
      const warm = await timed(() => post(api.base, '/accounts', { ownerId: randomUUID(), currency: 'EUR' }));
      console.log(`fresh API process, its first request (opens another account): ${warm.ms.toFixed(1)} ms`);
      const firstHot = await timed(() => deposit(api.base, hot));
      const firstFresh = await timed(() => deposit(api.base, fresh));
      console.log(
        `fresh API process, first deposit: hot account ${firstHot.ms.toFixed(1)} ms (${firstHot.status}), ` +
          `fresh account ${firstFresh.ms.toFixed(1)} ms (${firstFresh.status}); target < 100 ms: ${firstHot.ms < 100 ? 'met' : 'NOT met'}`,
      );
      // Warm the process up on a third account, then alternate hot and fresh, so neither case gets
      // the JIT's warm-up or a quieter moment of the machine to itself.
      const spare = randomUUID();
      await post(api.base, '/accounts', { accountId: spare, ownerId: randomUUID(), currency: 'EUR' });
      await drive('warm-up', async () => (await deposit(api.base, spare)) === 200, { seconds: 2 });
      const halves: Record<'hot' | 'fresh', Result[]> = { hot: [], fresh: [] };
      for (let round = 0; round < 2; round++) {
        for (const [name, accountId] of [
          ['hot', hot],
          ['fresh', fresh],
        ] as const) {
          halves[name].push(
            await drive(`deposits, ${name}`, async () => (await deposit(api.base, accountId)) === 200, {
              seconds: SECONDS / 2,
            }),
          );
        }
      }
      const merged = (label: string, runs: Result[]): Result => ({
        label,
        count: runs.reduce((n, r) => n + r.count, 0),
        errors: runs.reduce((n, r) => n + r.errors, 0),
        seconds: runs.reduce((n, r) => n + r.seconds, 0),
        latencies: runs.flatMap((r) => r.latencies),
      });
      const hotRun = report(merged('deposits to the hot account (2 rounds)', halves.hot));
      const freshRun = report(merged('deposits to a fresh account (2 rounds)', halves.fresh));
      const ratio = hotRun.rate / freshRun.rate;
      console.log(
        `summary hot account: first deposit ${firstHot.ms.toFixed(1)} ms; ${hotRun.rate.toFixed(0)}/s p99 ${hotRun.p99.toFixed(0)} ms ` +
          `vs fresh ${freshRun.rate.toFixed(0)}/s p99 ${freshRun.p99.toFixed(0)} ms = ${ratio.toFixed(2)}× ` +
          `(target ≥ 0.80: ${ratio >= 0.8 ? 'met' : 'NOT met'}); API resident memory ${rssAtStart.toFixed(0)} MB at start, ` +
          `${(await rssMb(api.child)).toFixed(0)} MB after`,
      );
    } finally {
      await stopChild(api.child);
    }
  } finally {
    await client.dispose();
    await stopChild(first.child);
    await stopChild(store.child);
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function waitForSnapshot(client: EventStoreDBClient, streamName: string): Promise<void> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
    try {
      // Read to the end (one event): leaving the loop early leaves the call open and dispose() hangs.
      let found = false;
      for await (const _ of client.readStream(streamName, { maxCount: 1 })) found = true;
      if (found) return;
    } catch {
      // not written yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no snapshot in ${streamName} within 60 s`);
}

const cases = (process.env.BENCH_CASES ?? 'memory,durable,hot').split(',');
if (cases.includes('memory')) await runScenario('memory');
if (cases.includes('durable')) await runScenario('durable');
if (cases.includes('hot')) await runHotAccount();
agent.destroy();
