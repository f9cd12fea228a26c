import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { EventStoreDBClient } from '@eventstore/db-client';
import { accountDecider, accountStreamName } from '@ledger/domain';
import { call, eventually, foldStream, freePorts, type LauncherKeys, LauncherRun } from '@ledger/testing';

jest.setTimeout(240_000);

const ACCOUNTS = 20;
const TRANSFERS = 400;
const MOVES = 200;
/** After this many acknowledged commands, one process of each app is killed. */
const KILL_AFTER = 150;
type Status = { consumers: Array<{ consumer: string; owner?: string; ownedHere: boolean }> };

/** `npm start -- --replicas 2`: two processes of each app over the same servers. */
describe('two processes of each app', () => {
  let env: Record<string, string>;
  let run: LauncherRun;
  let keys: LauncherKeys;

  beforeAll(async () => {
    // The access log of 1,000 requests would only load the machine.
    env = {
      ...(await freePorts()),
      DATA_DIR: await mkdtemp(join(tmpdir(), 'launcher-scale-')),
      LOG_LEVEL: 'warn',
    };
    run = await LauncherRun.start(env, ['--replicas', '2']);
    keys = await run.keys();
  });
  afterAll(async () => {
    await run?.stop();
    await rm(env.DATA_DIR!, { recursive: true, force: true });
  });

  const status = async (replica: number) =>
    (await call('GET', `${run.url('projectors', replica)}/status`, keys.operator)).body as unknown as Status;
  /**
   * A client that knows both command APIs: it sends to one and, when that one is gone (no
   * answer, or 503), sends the same request with the same Idempotency-Key to the other, as a
   * load balancer would, until it has an answer.
   */
  let next = 0;
  const command = async (path: string, body: unknown) => {
    const key = randomUUID();
    for (let attempt = 0; ; attempt++) {
      const replica = ((next++ + attempt) % 2) + 1;
      try {
        const answer = await call('POST', `${run.url('command-api', replica)}${path}`, keys.client, body, {
          'idempotency-key': key,
        });
        if (answer.status !== 503) return answer;
      } catch {
        // Connection refused or reset: that process is down.
      }
      if (attempt > 200) throw new Error(`no command API answered ${path}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  it('share the consumers by their leases, conserve money across them, and lose nothing when one of each is killed', async () => {
    await eventually(
      async () => {
        const [a, b] = [await status(1), await status(2)];
        const owned = (s: Status) => s.consumers.filter((c) => c.ownedHere).length;
        return owned(a) > 0 && owned(b) > 0 && owned(a) + owned(b) === a.consumers.length ? true : undefined;
      },
      'the consumers to spread over both projectors',
      30_000,
    );

    const random = (n: number) => Math.floor(Math.random() * n);
    const accounts: string[] = [];
    for (let i = 0; i < ACCOUNTS; i++) {
      const opened = await command('/accounts', {
        ownerId: randomUUID(),
        currency: 'EUR',
        overdraftLimit: random(3) * 500,
      });
      expect(opened.status).toBe(201);
      accounts.push(opened.body.accountId as string);
      expect((await command(`/accounts/${opened.body.accountId}/deposits`, { amount: 5_000 })).status).toBe(
        200,
      );
    }
    let deposited = ACCOUNTS * 5_000;
    let withdrawn = 0;
    const transferIds: string[] = [];
    const tasks: Array<() => Promise<void>> = [];
    for (let t = 0; t < TRANSFERS; t++) {
      const [from, to] = [
        accounts[random(ACCOUNTS)]!,
        random(40) === 0 ? randomUUID() : accounts[random(ACCOUNTS)]!,
      ];
      if (from === to) continue;
      tasks.push(async () => {
        const answer = await command('/transfers', {
          fromAccountId: from,
          toAccountId: to,
          amount: 1 + random(2_000),
        });
        expect(answer.status).toBe(202);
        transferIds.push(answer.body.transferId as string);
      });
    }
    for (let m = 0; m < MOVES; m++) {
      const [account, amount, kind] = [
        accounts[random(ACCOUNTS)]!,
        1 + random(1_500),
        m % 2 === 0 ? 'deposits' : 'withdrawals',
      ];
      tasks.push(async () => {
        const answer = await command(`/accounts/${account}/${kind}`, { amount });
        expect([200, 422]).toContain(answer.status);
        if (answer.status !== 200) return;
        if (kind === 'deposits') deposited += amount;
        else withdrawn += amount;
      });
    }
    tasks.sort(() => Math.random() - 0.5);
    const killed: number[] = [];
    let acknowledged = 0;
    const queue = [...tasks];
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let task = queue.shift(); task; task = queue.shift()) {
          await task();
          if (++acknowledged === KILL_AFTER)
            for (const name of ['command-api-1', 'query-api-1', 'projectors-1']) {
              killed.push(run.pidOf(name));
              process.kill(run.pidOf(name), 'SIGKILL');
            }
        }
      }),
    );
    expect(killed).toHaveLength(3);

    // Both query APIs (the killed one once the launcher has restarted it) show every transfer ended.
    for (const replica of [2, 1]) {
      await eventually(
        async () => {
          const listed = await call(
            'GET',
            `${run.url('query-api', replica)}/transfers?limit=500`,
            keys.analyst,
          ).catch(() => undefined);
          const ended = (listed?.body.items ?? []).filter((t) =>
            ['completed', 'rejected', 'failed'].includes(t.status as string),
          );
          return ended.length === transferIds.length ? true : undefined;
        },
        `every transfer to end in query API ${replica}`,
        120_000,
      );
    }
    const client = EventStoreDBClient.connectionString(`esdb://127.0.0.1:${env.EVENTSTORE_PORT}?tls=false`);
    try {
      const folded = await eventually(async () => {
        const all = await Promise.all(
          accounts.map((id) => foldStream(client, accountStreamName(id), accountDecider)),
        );
        return all.every(({ state }) => Object.keys(state.pendingDebits).length === 0) ? all : undefined;
      }, 'no debit left unsettled');
      expect(folded.reduce((sum, { state }) => sum + state.balance, 0)).toBe(deposited - withdrawn);
      for (const { state } of folded) expect(state.balance).toBeGreaterThanOrEqual(-state.overdraftLimit);
      // The read models, through either query API, agree with the streams.
      for (const replica of [1, 2])
        await eventually(async () => {
          const listed = await call(
            'GET',
            `${run.url('query-api', replica)}/accounts?limit=500`,
            keys.analyst,
          );
          const balances = new Map(listed.body.items!.map((a) => [a.accountId, a.balance]));
          return accounts.every((id, i) => balances.get(id) === folded[i]!.state.balance) ? true : undefined;
        }, `query API ${replica} to show the streams' balances`);
    } finally {
      await client.dispose();
    }
    const [a, b] = [await status(1), await status(2)];
    expect(
      a.consumers.every((c) => c.ownedHere !== b.consumers.find((d) => d.consumer === c.consumer)?.ownedHere),
    ).toBe(true);
    for (const name of ['command-api-1', 'query-api-1', 'projectors-1'])
      expect(killed).not.toContain(run.pidOf(name));
  });
});
