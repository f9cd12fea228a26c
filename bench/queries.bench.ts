/**
 * Query API reads over 100,000 accounts: `GET /accounts/:id` and a filtered, sorted page of
 * `GET /accounts`, at concurrency 64, each beside a baseline in the same run (the same reads
 * through the official driver, no HTTP); and NDJSON exports of 10,000 and 100,000 rows, in rows/s
 * with the query API process's peak memory, to show whether memory follows the row count.
 *
 * Processes: MongoDB (`npm run mongodb -- --memory`) and the query API (`npm run
 * start:query-api`) as child processes; this process drives the load. Run: `npm run bench:queries`
 * Env: BENCH_ACCOUNTS (100000), BENCH_SECONDS (10).
 */
import { readFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { ReadModelVersions } from '@ledger/consumers-mongodb';
import { ACCOUNT_SUMMARY, type AccountSummaryDocument, accountSummaryProjection } from '@ledger/read-models';
import { type ChildServer, startChildServer } from '@embedded-servers/storage';
import { cpuShares } from './process-cpu.js';
import { startAppProcess } from '@ledger/testing';
import { Long, MongoClient } from 'mongodb';

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = 64;
const KEY = 'bench-analyst-key';
const TARGET = { byIdRate: 5_000, byIdP99Ms: 20 };
const root = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

type Measured = { label: string; rate: number; p50: number; p99: number; errors: number };

/** The processes whose CPU each case reports (the bench's own is always reported). */
const measuredProcesses: Record<string, number> = {};

/**
 * Runs `task` from CONCURRENCY workers for SECONDS, timing each call; prints the rate, the
 * latencies and each process's share of a core (which side was busy).
 */
async function drive(label: string, task: (i: number) => Promise<boolean>): Promise<Measured> {
  const cpu = cpuShares(measuredProcesses);
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const ok = await task(next++).catch(() => false);
        latencies.push(performance.now() - t0);
        if (!ok) errors++;
      }
    }),
  );
  const sorted = latencies.sort((a, b) => a - b);
  const measured = {
    label,
    rate: latencies.length / ((performance.now() - started) / 1000),
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    errors,
  };
  console.log(
    `${label.padEnd(52)} ${fmt(measured.rate).padStart(7)}/s  p50 ${measured.p50.toFixed(1).padStart(6)} ms  ` +
      `p99 ${measured.p99.toFixed(1).padStart(6)} ms  errors ${errors}  CPU ` +
      Object.entries(cpu())
        .map(([name, share]) => `${name} ${Math.round(share * 100)}%`)
        .join(', '),
  );
  return measured;
}

/** One GET; resolves with the status and the body's length (drained, not kept). */
function get(
  base: URL,
  path: string,
  accept = 'application/json',
): Promise<{ status: number; bytes: number; lines: number }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        path,
        headers: { authorization: `Bearer ${KEY}`, accept },
      },
      (res) => {
        let bytes = 0;
        let lines = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          for (const byte of chunk) if (byte === 10) lines++;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, lines }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function peakRssMb(child: ChildServer): Promise<number> {
  const status = await readFile(`/proc/${child.child.pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

const mongo = await startChildServer({
  script: root('servers/mongodb/src/main.ts'),
  args: ['--port', '0', '--memory'],
  ready: /connect with (mongodb:\/\/\S+)/,
});
const client = await MongoClient.connect(mongo.ready[1]!);
const db = client.db('bench');
let api: ChildServer | undefined;
try {
  const accounts = await new ReadModelVersions(db).collection<AccountSummaryDocument & { position: Long }>(
    ACCOUNT_SUMMARY,
  );
  for (const { key, options } of accountSummaryProjection.indexes) await accounts.createIndex(key, options);
  const ids: string[] = [];
  const seeded = performance.now();
  for (let n = 0; n < ACCOUNTS; n += 5_000) {
    const batch = Array.from({ length: Math.min(5_000, ACCOUNTS - n) }, (_, i) => {
      const k = n + i;
      const accountId = `${String(k).padStart(8, '0')}-0000-4000-8000-000000000000`;
      ids.push(accountId);
      const openedAt = new Date(Date.UTC(2026, 0, 1) + k * 60_000);
      return {
        _id: accountId,
        accountId,
        ownerId: `${String(k % 1000).padStart(8, '0')}-1111-4000-8000-000000000000`,
        currency: k % 10 === 0 ? 'GBP' : 'EUR',
        balance: (k * 7919) % 1_000_000,
        overdraftLimit: 0,
        status: k % 7 === 0 ? ('frozen' as const) : ('open' as const),
        revision: k % 50,
        openedAt,
        updatedAt: openedAt,
        position: Long.fromNumber(k + 1),
      };
    });
    await accounts.insertMany(batch);
  }
  console.log(
    `== query API over ${fmt(ACCOUNTS)} accounts (seeded in ${((performance.now() - seeded) / 1000).toFixed(1)} s); concurrency ${CONCURRENCY}`,
  );
  const started = await startAppProcess(root('apps/query-api/src/main.ts'), {
    API_KEYS: JSON.stringify({ analyst: [KEY] }),
    MONGODB_URI: mongo.ready[1]!,
    MONGODB_DATABASE: 'bench',
    QUERY_API_PORT: '0',
    LOG_LEVEL: 'log', // the default: one access-log line per request, as in production
    RATE_LIMITS: JSON.stringify({ analyst: 0 }),
  });
  api = started.server;
  measuredProcesses['query API'] = api.child.pid!;
  measuredProcesses.MongoDB = mongo.child.pid!;
  const base = new URL(started.url);
  const pick = (i: number) => ids[(i * 7_919) % ids.length]!;
  const filteredPage = '/accounts?status=open&currency=EUR&minBalance=1000&sort=-balance&limit=100';

  // Warm-up: both paths through the JIT once.
  for (let i = 0; i < 500; i++) await get(base, `/accounts/${pick(i)}`);
  for (let i = 0; i < 50; i++) await get(base, filteredPage);

  const byId = await drive(
    'GET /accounts/:id',
    async (i) => (await get(base, `/accounts/${pick(i)}`)).status === 200,
  );
  const byIdDriver = await drive(
    'baseline: findOne by _id through the driver',
    async (i) => (await accounts.findOne({ _id: pick(i) })) !== null,
  );
  const page = await drive(
    'GET /accounts (filtered, sorted page of 100)',
    async () => (await get(base, filteredPage)).status === 200,
  );
  const pageDriver = await drive(
    'baseline: the same page through the driver',
    async () =>
      (
        await accounts
          .find({ status: 'open', currency: 'EUR', balance: { $gte: 1000 } })
          .sort({ balance: -1, _id: -1 })
          .limit(100)
          .toArray()
      ).length === 100,
  );

  const exportOf = async (label: string, path: string) => {
    const t0 = performance.now();
    const { status, lines } = await get(base, path, 'application/x-ndjson');
    const seconds = (performance.now() - t0) / 1000;
    const peak = await peakRssMb(api!);
    console.log(
      `${label.padEnd(52)} ${fmt(lines)} rows in ${seconds.toFixed(1)} s: ${fmt(lines / seconds)} rows/s (${status}); query API peak RSS so far ${peak.toFixed(0)} MB`,
    );
    return { lines, peak };
  };
  const small = await exportOf('export, NDJSON, GBP accounts', '/accounts?currency=GBP');
  const large = await exportOf('export, NDJSON, every account', '/accounts');
  console.log(
    `summary: by id ${fmt(byId.rate)}/s p99 ${byId.p99.toFixed(1)} ms (${(byId.rate / byIdDriver.rate).toFixed(2)}× the driver; ` +
      `target ≥ ${fmt(TARGET.byIdRate)}/s, p99 < ${TARGET.byIdP99Ms} ms: ${byId.rate >= TARGET.byIdRate && byId.p99 < TARGET.byIdP99Ms ? 'met' : 'NOT met'}) | ` +
      `page ${fmt(page.rate)}/s p99 ${page.p99.toFixed(1)} ms (${(page.rate / pageDriver.rate).toFixed(2)}× the driver) | ` +
      `export peak RSS ${small.peak.toFixed(0)} MB after ${fmt(small.lines)} rows, ${large.peak.toFixed(0)} MB after ${fmt(large.lines)} rows`,
  );
} finally {
  agent.destroy();
  await api?.stop();
  await client.close();
  await mongo.stop();
}
