import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { EventStoreDBClient } from '@eventstore/db-client';
import { call, eventually, freePorts, type LauncherKeys, LauncherRun } from '@ledger/testing';

jest.setTimeout(150_000);

/**
 * `npm start` as the README tells a newcomer to run it: the README's walkthrough over HTTP, a
 * crash, one part stopped at a time (SIGTERM to its pid; SIGUSR2 to the launcher starts it
 * again) while the others go on, then Ctrl-C and a restart on the same data.
 */
describe('npm start', () => {
  let env: Record<string, string>;
  let run: LauncherRun;
  let keys: LauncherKeys;
  const accounts: string[] = [];
  let transferId: string;

  beforeAll(async () => {
    // The default read-your-writes wait (5 s), as a newcomer runs it: a shorter one made the
    // walkthrough's read 503 when CI's other suites held both cores.
    env = { ...(await freePorts()), DATA_DIR: await mkdtemp(join(tmpdir(), 'launcher-e2e-')) };
    run = await LauncherRun.start(env);
    keys = await run.keys();
  });
  afterAll(async () => {
    await run?.stop();
    await rm(env.DATA_DIR!, { recursive: true, force: true });
  });

  const command = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    call('POST', `${run.url('command-api')}${path}`, keys.client, body, headers);
  const query = (path: string, headers: Record<string, string> = {}) =>
    call('GET', `${run.url('query-api')}${path}`, keys.analyst, undefined, headers);

  it('prints every URL, the docs and where the generated keys are, kept readable by their owner only', async () => {
    const summary = run.output().slice(run.output().indexOf('the ledger is ready'));
    for (const app of ['command-api', 'query-api', 'projectors'] as const)
      expect(summary).toContain(`${run.url(app)}   docs ${run.url(app)}/docs`);
    expect(summary).toContain(`${env.DATA_DIR}/api-keys.json (client, analyst, operator; generated now)`);
    expect((await stat(join(env.DATA_DIR!, 'api-keys.json'))).mode & 0o777).toBe(0o600);
    expect((await call('GET', `${run.url('command-api')}/docs-json`, undefined)).status).toBe(200);
    expect((await call('POST', `${run.url('command-api')}/accounts`, 'not-a-key', {})).status).toBe(401);
  });

  it('serves the walkthrough: a client writes, an analyst reads it back, a developer reads the stream', async () => {
    for (const ownerId of [randomUUID(), randomUUID()]) {
      const opened = await command('/accounts', { ownerId, currency: 'EUR', overdraftLimit: 5000 });
      expect(opened.status).toBe(201);
      accounts.push(opened.body.accountId as string);
    }
    const [a, b] = accounts as [string, string];
    const deposit = await command(
      `/accounts/${a}/deposits`,
      { amount: 12500, reference: 'salary' },
      { 'idempotency-key': 'dep-1' },
    );
    expect(deposit.status).toBe(200);
    const retried = await command(
      `/accounts/${a}/deposits`,
      { amount: 12500, reference: 'salary' },
      { 'idempotency-key': 'dep-1' },
    );
    expect(retried.body).toEqual(deposit.body);
    const transfer = await command(
      '/transfers',
      { fromAccountId: a, toAccountId: b, amount: 1000 },
      { 'idempotency-key': 't-1' },
    );
    expect(transfer.status).toBe(202);
    transferId = transfer.body.transferId as string;

    // Read-your-writes: the position of the answer makes the query API wait for it.
    const requested = await query(`/transfers/${transferId}`, {
      'x-min-position': transfer.body.position as string,
    });
    expect(requested.status).toBe(200);
    expect(requested.body).toMatchObject({ fromAccountId: a, toAccountId: b, amount: 1000, currency: 'EUR' });
    await eventually(
      async () => ((await query(`/transfers/${transferId}`)).body.status === 'completed' ? true : undefined),
      'the transfer to complete',
    );
    await eventually(
      async () => ((await query(`/accounts/${b}`)).body.balance === 1000 ? true : undefined),
      'the credit to reach the read model',
    );
    expect((await query(`/accounts/${a}`)).body).toMatchObject({
      accountId: a,
      balance: 11500,
      currency: 'EUR',
      status: 'open',
    });
    const listed = await query('/accounts?currency=EUR&sort=-balance');
    expect(listed.body.items!.map((item) => item.accountId)).toEqual([a, b]);
    const csv = await query('/accounts?currency=EUR', { accept: 'text/csv' });
    expect(csv.body.text).toContain(a);

    const client = EventStoreDBClient.connectionString(`esdb://127.0.0.1:${env.EVENTSTORE_PORT}?tls=false`);
    try {
      const types: string[] = [];
      for await (const { event } of client.readStream(`account-${a}`)) types.push(event!.type);
      expect(types).toEqual(['AccountOpened', 'MoneyDeposited', 'TransferDebited', 'TransferDebitSettled']);
    } finally {
      await client.dispose();
    }
    const status = await call('GET', `${run.url('projectors')}/status`, keys.operator);
    expect(status.status).toBe(200);
  });

  it('restarts an app process that dies, and says so, while the others keep serving', async () => {
    const since = run.output().length;
    const pid = run.pidOf('command-api-1');
    process.kill(pid, 'SIGKILL');
    await run.waitFor(
      new RegExp(`command-api-1 \\(pid ${pid}\\) died \\(SIGKILL\\); restarting in`),
      'the launcher to report the death',
      10_000,
      since,
    );
    expect((await query(`/accounts/${accounts[0]}`)).status).toBe(200);
    await run.waitFor(/command-api-1 ready again/, 'the command API to be back', 60_000, since);
    expect(run.pidOf('command-api-1')).not.toBe(pid);
    expect((await command(`/accounts/${accounts[0]}/deposits`, { amount: 500 })).status).toBe(200);
  });

  const balance = async (id = accounts[0]) => (await query(`/accounts/${id}`)).body.balance;
  /** SIGTERM to one part, as an operator stops it; the launcher leaves it stopped. */
  const stopPart = async (name: string) => {
    const since = run.output().length;
    const pid = run.pidOf(name);
    process.kill(pid, 'SIGTERM');
    await run.waitFor(
      new RegExp(`${name} \\(pid ${pid}\\) stopped cleanly and stays stopped`),
      `${name} to stop`,
      30_000,
      since,
    );
  };
  const startStoppedParts = async (name: string) => {
    const since = run.output().length;
    process.kill(run.launcherPid, 'SIGUSR2');
    await run.waitFor(new RegExp(`${name} ready again`), `${name} to start again`, 60_000, since);
  };

  it('accepts commands while the query API is down', async () => {
    await stopPart('query-api-1');
    await expect(query(`/accounts/${accounts[0]}`)).rejects.toThrow();
    expect((await command(`/accounts/${accounts[0]}/deposits`, { amount: 10 })).status).toBe(200);
    await startStoppedParts('query-api-1');
    await eventually(
      async () => ((await balance()) === 12_010 ? true : undefined),
      'the deposit to reach the read model',
    );
  });

  it('accepts commands and answers queries, stale, while the projectors are down; back, they catch up', async () => {
    await stopPart('projectors-1');
    const deposit = await command(`/accounts/${accounts[0]}/deposits`, { amount: 20 });
    expect(deposit.status).toBe(200);
    const transfer = await command(
      '/transfers',
      { fromAccountId: accounts[0], toAccountId: accounts[1], amount: 30 },
      { 'idempotency-key': randomUUID() },
    );
    expect(transfer.status).toBe(202);
    expect(await balance()).toBe(12_010);
    const waited = await query(`/accounts/${accounts[0]}`, {
      'x-min-position': deposit.body.position as string,
    });
    expect(waited.status).toBe(503);
    expect(waited.headers.get('retry-after')).toMatch(/^\d+$/);

    await startStoppedParts('projectors-1');
    const transferId = transfer.body.transferId as string;
    await eventually(
      async () => ((await query(`/transfers/${transferId}`)).body.status === 'completed' ? true : undefined),
      'the transfer made while the projectors were down to complete',
      30_000,
    );
    await eventually(
      async () => ((await balance()) === 12_000 && (await balance(accounts[1])) === 1_030 ? true : undefined),
      'the balances to catch up',
    );
  });

  it('answers queries while the event store is down, and the command API says 503 with Retry-After', async () => {
    await stopPart('eventstore');
    expect(await balance()).toBe(12_000);
    const refused = await eventually(async () => {
      const answer = await command(`/accounts/${accounts[0]}/deposits`, { amount: 1 });
      return answer.status === 503 ? answer : undefined;
    }, 'the command API to refuse with 503');
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect((await call('GET', `${run.url('command-api')}/ready`, undefined)).status).toBe(503);
    expect((await query(`/accounts/${accounts[1]}`)).status).toBe(200);
  });
  it('stops everything on Ctrl-C and, started again on the same data, has all of it and the same keys', async () => {
    await run.stop();
    expect(run.output()).toMatch(/stopping the apps, then the servers[\s\S]*\[start\] stopped/);
    run = await LauncherRun.start(env);
    expect(run.output()).toContain('kept from the first start');
    expect(await run.keys()).toEqual(keys);
    const [a, b] = accounts as [string, string];
    expect((await query(`/accounts/${a}`)).body).toMatchObject({ balance: 12000 });
    expect((await query(`/accounts/${b}`)).body).toMatchObject({ balance: 1_030 });
    expect((await query(`/transfers/${transferId}`)).body).toMatchObject({ status: 'completed' });
    const again = await command(`/accounts/${b}/deposits`, { amount: 1 });
    expect(again.status).toBe(200);
    const read = await query(`/accounts/${b}`, { 'x-min-position': again.body.position as string });
    expect(read.body).toMatchObject({ balance: 1_031 });
  });
});
