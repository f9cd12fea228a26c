/**
 * The whole system under `npm start`: how long the build takes when nothing changed, how long
 * the system takes to be ready (the launcher's own figure), and its resident memory (the sum of
 * the RSS of the launcher and every process it runs) at rest and after the README walkthrough.
 * Baseline: the same system's memory figure is printed per process, so a change shows where.
 *
 * Run: `npm run bench:launcher` (free ports, a temporary data folder; the system is stopped after).
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile, rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { call, eventually, freePorts, LauncherRun } from '@ledger/testing';

const run = promisify(execFile);
const mb = (kb: number) => `${Math.round(kb / 1024)} MB`;

async function rssKb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
}

/** Every process of the system, by the names the launcher printed, with its RSS. */
async function memory(system: LauncherRun): Promise<{ total: number; parts: string }> {
  const names = [
    ...new Set([...system.output().matchAll(/\[start\] (\S+) ready/g)].map(([, name]) => name!)),
  ];
  const parts = await Promise.all(
    [
      ['launcher', system.launcherPid] as const,
      ...names.map((name) => [name, system.pidOf(name)] as const),
    ].map(async ([name, pid]) => [name, await rssKb(pid)] as const),
  );
  return {
    total: parts.reduce((sum, [, kb]) => sum + kb, 0),
    parts: parts.map(([name, kb]) => `${name} ${mb(kb)}`).join(', '),
  };
}

const build = async () => {
  const started = performance.now();
  const { stdout } = await run(process.execPath, [
    '--import',
    '@swc-node/register/esm-register',
    'apps/launcher/src/build.main.ts',
  ]);
  return `${Math.round(performance.now() - started)} ms (${stdout.trim()})`;
};
console.log(`build step of npm start, as a process: ${await build()}; again: ${await build()}`);

const env = { ...(await freePorts()), DATA_DIR: await mkdtemp(join(tmpdir(), 'launcher-bench-')) };
const started = performance.now();
const system = await LauncherRun.start(env);
try {
  console.log(
    `npm start → ready: ${((performance.now() - started) / 1000).toFixed(1)} s (${/the ledger is ready \(([\d.]+ s)\)/.exec(system.output())?.[1]} by the launcher)`,
  );
  // At rest: the first seconds after ready still carry start-up garbage.
  await new Promise((resolve) => setTimeout(resolve, 10_000));
  const rest = await memory(system);
  console.log(`at rest: ${mb(rest.total)} (${rest.parts})`);

  const keys = await system.keys();
  const command = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    call('POST', `${system.url('command-api')}${path}`, keys.client, body, headers);
  const query = (path: string, headers: Record<string, string> = {}) =>
    call('GET', `${system.url('query-api')}${path}`, keys.analyst, undefined, headers);
  const [a, b] = await Promise.all(
    [0, 1].map(
      async () =>
        (await command('/accounts', { ownerId: randomUUID(), currency: 'EUR', overdraftLimit: 5000 })).body
          .accountId as string,
    ),
  );
  await command(
    `/accounts/${a}/deposits`,
    { amount: 12500, reference: 'salary' },
    { 'idempotency-key': 'dep-1' },
  );
  const transfer = await command(
    '/transfers',
    { fromAccountId: a, toAccountId: b, amount: 1000 },
    { 'idempotency-key': 't-1' },
  );
  await eventually(
    async () =>
      (await query(`/transfers/${transfer.body.transferId}`)).body.status === 'completed' ? true : undefined,
    'the transfer',
  );
  await query(`/accounts/${a}`, { 'x-min-position': transfer.body.position as string });
  await query('/accounts?currency=EUR&sort=-balance');
  await query('/accounts?currency=EUR', { accept: 'text/csv' });
  await query('/analytics/summary');
  await call('GET', `${system.url('projectors')}/status`, keys.operator);
  await call('GET', `${system.url('command-api')}/docs`, undefined);
  const after = await memory(system);
  console.log(`after the walkthrough: ${mb(after.total)} (${after.parts})`);
} finally {
  await system.stop();
  await rm(env.DATA_DIR, { recursive: true, force: true });
}
