import { ReadModelVersions } from '@ledger/consumers-mongodb';
import { ACCOUNT_SUMMARY, LEDGER_ENTRIES, TRANSFERS } from '@ledger/read-models';
import { eventually, QueryApiHarness } from './query-api.harness.js';
import { account } from './read-model.fixtures.js';

const WAIT_MS = 600;

describe('read-your-writes and read-model versions', () => {
  let harness: QueryApiHarness;
  const doc = account(1);

  beforeAll(async () => {
    harness = await QueryApiHarness.start({ MIN_POSITION_WAIT_MS: String(WAIT_MS) });
    await harness.seed(ACCOUNT_SUMMARY, [doc]);
    await harness.checkpoint(ACCOUNT_SUMMARY, 1_000n);
    await harness.checkpoint(LEDGER_ENTRIES, 900n);
  });
  afterAll(() => harness.stop());

  it('stamps every answer with the position its read models have reached (the lowest of them)', async () => {
    expect((await harness.get(`/accounts/${doc.accountId}`)).headers['x-read-position']).toBe('1000');
    expect((await harness.get(`/accounts/${doc.accountId}/ledger`)).headers['x-read-position']).toBe('900');
    // No checkpoint yet: the transfers read model has applied nothing.
    expect((await harness.get('/analytics/summary')).headers['x-read-position']).toBe('0');
  });

  it('answers at once when the read model has passed X-Min-Position', async () => {
    const res = await harness.get(`/accounts/${doc.accountId}`, { 'x-min-position': '1000' });
    expect(res.statusCode).toBe(200);
  });

  it('waits until the checkpoint passes X-Min-Position, then answers', async () => {
    const pending = harness.get('/analytics/summary', { 'x-min-position': '1500' });
    let answered = false;
    void pending.then(() => (answered = true));
    // The request is still held while the checkpoints lag behind.
    await harness.checkpoint(ACCOUNT_SUMMARY, 2_000n);
    expect(answered).toBe(false);
    await harness.checkpoint(TRANSFERS, 1_500n);
    const res = await pending;
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-read-position']).toBe('1500');
  });

  it('holds many requests at once and releases each when its own read models pass', async () => {
    const accounts = Array.from({ length: 20 }, () =>
      harness.get(`/accounts/${doc.accountId}`, { 'x-min-position': '3000' }),
    );
    const ledger = harness.get(`/accounts/${doc.accountId}/ledger`, { 'x-min-position': '3000' });
    await harness.checkpoint(ACCOUNT_SUMMARY, 3_000n);
    for (const res of await Promise.all(accounts)) expect(res.headers['x-read-position']).toBe('3000');
    await harness.checkpoint(LEDGER_ENTRIES, 3_100n);
    expect((await ledger).headers['x-read-position']).toBe('3000');
  });

  it('answers 503 with Retry-After within the bound when the read model never gets there', async () => {
    const started = Date.now();
    const res = await harness.get(`/accounts/${doc.accountId}`, { 'x-min-position': '99999' });
    const took = Date.now() - started;
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBeDefined();
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(took).toBeGreaterThanOrEqual(WAIT_MS - 50);
    expect(took).toBeLessThan(WAIT_MS + 2_000);
  });

  it('refuses an invalid request at once, rather than after waiting for the read model', async () => {
    const started = Date.now();
    const res = await harness.get(`/accounts/${doc.accountId}/ledger?from=yesterday`, {
      'x-min-position': '99999',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'from' })]);
    expect(Date.now() - started).toBeLessThan(WAIT_MS);
    expect((await harness.get('/accounts/not-a-uuid', { 'x-min-position': '99999' })).statusCode).toBe(400);
  });

  it.each(['abc', '-1', '1.5', '99999999999999999999'])(
    'refuses X-Min-Position %s with 400',
    async (value) => {
      const res = await harness.get(`/accounts/${doc.accountId}`, { 'x-min-position': value });
      expect(res.statusCode).toBe(400);
    },
  );

  it("picks up a rebuild's switch of the read-model alias without a restart", async () => {
    const rebuilt = { ...doc, balance: 424242 };
    await harness.seed(ACCOUNT_SUMMARY, [rebuilt], `${ACCOUNT_SUMMARY}_v2`);
    expect((await harness.get(`/accounts/${doc.accountId}`)).json()).toMatchObject({ balance: doc.balance });
    await new ReadModelVersions(harness.db).switchTo(ACCOUNT_SUMMARY, `${ACCOUNT_SUMMARY}_v2`);
    // The alias is cached for a second: the switch shows within it, with no restart.
    const served = await eventually(async () => {
      const { balance } = (await harness.get(`/accounts/${doc.accountId}`)).json<{ balance: number }>();
      return balance === rebuilt.balance ? balance : undefined;
    }, 'the rebuilt collection to serve');
    expect(served).toBe(rebuilt.balance);
  });
});
