import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { GeneratedKeys } from '../src/api-keys.file.js';
import { call, eventually, freePorts, LauncherRun } from './launcher.harness.js';

jest.setTimeout(150_000);

/**
 * One part stopped at a time under the launcher (SIGTERM to its pid; SIGHUP to the launcher
 * starts it again): the others go on doing what they can without it.
 */
describe('the system under the launcher, one part stopped at a time', () => {
  let env: Record<string, string>;
  let run: LauncherRun;
  let keys: GeneratedKeys;
  let account: string;
  let other: string;

  beforeAll(async () => {
    // A short read-your-writes wait, so a stale read model answers its 503 quickly.
    env = { ...(await freePorts()), DATA_DIR: await mkdtemp(join(tmpdir(), 'launcher-faults-')), MIN_POSITION_WAIT_MS: '1000' };
    run = await LauncherRun.start(env);
    keys = await run.keys();
    [account, other] = await Promise.all(
      [0, 1].map(async () => (await command('/accounts', { ownerId: randomUUID(), currency: 'EUR' })).body.accountId as string),
    );
    await command(`/accounts/${account}/deposits`, { amount: 100 });
  });
  afterAll(async () => {
    await run?.stop();
    await rm(env.DATA_DIR!, { recursive: true, force: true });
  });

  const command = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    call('POST', `${run.url('command-api')}${path}`, keys.client, body, headers);
  const query = (path: string, headers: Record<string, string> = {}) =>
    call('GET', `${run.url('query-api')}${path}`, keys.analyst, undefined, headers);
  const balance = async (id = account) => (await query(`/accounts/${id}`)).body.balance;
  /** SIGTERM to one part, as an operator stops it; the launcher leaves it stopped. */
  const stopPart = async (name: string) => {
    const since = run.output().length;
    const pid = run.pidOf(name);
    process.kill(pid, 'SIGTERM');
    await run.waitFor(new RegExp(`${name} \\(pid ${pid}\\) stopped cleanly and stays stopped`), `${name} to stop`, 30_000, since);
  };
  const startStoppedParts = async (name: string) => {
    const since = run.output().length;
    process.kill(run.launcherPid, 'SIGHUP');
    await run.waitFor(new RegExp(`${name} ready again`), `${name} to start again`, 60_000, since);
  };

  it('accepts commands while the query API is down', async () => {
    await stopPart('query-api-1');
    await expect(query(`/accounts/${account}`)).rejects.toThrow();
    expect((await command(`/accounts/${account}/deposits`, { amount: 10 })).status).toBe(200);
    await startStoppedParts('query-api-1');
    await eventually(async () => ((await balance()) === 110 ? true : undefined), 'the deposit to reach the read model');
  });

  it('accepts commands and answers queries, stale, while the projectors are down; back, they catch up', async () => {
    await stopPart('projectors-1');
    const deposit = await command(`/accounts/${account}/deposits`, { amount: 20 });
    expect(deposit.status).toBe(200);
    const transfer = await command('/transfers', { fromAccountId: account, toAccountId: other, amount: 30 }, { 'idempotency-key': randomUUID() });
    expect(transfer.status).toBe(202);
    expect(await balance()).toBe(110);
    const waited = await query(`/accounts/${account}`, { 'x-min-position': deposit.body.position as string });
    expect(waited.status).toBe(503);
    expect(waited.headers.get('retry-after')).toMatch(/^\d+$/);

    await startStoppedParts('projectors-1');
    const transferId = transfer.body.transferId as string;
    await eventually(
      async () => ((await query(`/transfers/${transferId}`)).body.status === 'completed' ? true : undefined),
      'the transfer made while the projectors were down to complete',
      30_000,
    );
    await eventually(async () => ((await balance()) === 100 && (await balance(other)) === 30 ? true : undefined), 'the balances to catch up');
  });

  it('answers queries while the event store is down, and the command API says 503 with Retry-After', async () => {
    await stopPart('eventstore');
    expect(await balance()).toBe(100);
    const refused = await eventually(async () => {
      const answer = await command(`/accounts/${account}/deposits`, { amount: 1 });
      return answer.status === 503 ? answer : undefined;
    }, 'the command API to refuse with 503');
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect((await call('GET', `${run.url('command-api')}/ready`, undefined)).status).toBe(503);
    expect((await query(`/accounts/${other}`)).status).toBe(200);
  });
});
