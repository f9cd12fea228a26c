import { randomUUID } from 'node:crypto';
import { accountStreamName, transferStreamName } from '@ledger/domain';
import { eventIdFor } from '@ledger/event-store';
import { CommandApiHarness } from './command-api.harness.js';

describe('Idempotency-Key', () => {
  let api: CommandApiHarness;
  beforeAll(async () => {
    api = await CommandApiHarness.start();
  });
  afterAll(async () => {
    await api.stop();
  });

  it('appends a retried deposit once and answers the retry exactly as the first call', async () => {
    const accountId = await api.openAccount();
    const key = `deposit-${randomUUID()}`;
    const first = await api.post(
      `/accounts/${accountId}/deposits`,
      { amount: 70 },
      { 'idempotency-key': key },
    );
    const retry = await api.post(
      `/accounts/${accountId}/deposits`,
      { amount: 70 },
      { 'idempotency-key': key },
    );

    expect(first.statusCode).toBe(200);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(first.json());
    expect(retry.headers.etag).toBe(first.headers.etag);
    expect(retry.headers['x-commit-position']).toBe(first.headers['x-commit-position']);
    const events = await api.readStream(accountStreamName(accountId));
    expect(events.map((e) => e.type)).toEqual(['AccountOpened', 'MoneyDeposited']);
    const { requestHash } = events[1].metadata as { requestHash: string };
    expect(requestHash).toMatch(/^[0-9a-f]{64}$/);
    expect(events[1].metadata).toMatchObject({ idempotencyKey: key });
    const actor = 'api-key:client:0';
    expect(events[1].id).toBe(
      eventIdFor({ actor, idempotencyKey: key, requestHash }, accountStreamName(accountId), 0),
    );
  });

  it('answers the first result even after other commands moved the stream on', async () => {
    const accountId = await api.openAccount();
    const key = `deposit-${randomUUID()}`;
    const first = await api.post(
      `/accounts/${accountId}/deposits`,
      { amount: 5 },
      { 'idempotency-key': key },
    );
    await api.post(`/accounts/${accountId}/deposits`, { amount: 6 });
    const retry = await api.post(
      `/accounts/${accountId}/deposits`,
      { amount: 5 },
      { 'idempotency-key': key },
    );
    expect(retry.json()).toEqual(first.json());
    expect(await api.readStream(accountStreamName(accountId))).toHaveLength(3);
  });

  it('answers 422 when the key is reused with a different body, and appends nothing', async () => {
    const accountId = await api.openAccount();
    const key = `deposit-${randomUUID()}`;
    await api.post(`/accounts/${accountId}/deposits`, { amount: 70 }, { 'idempotency-key': key });
    const reused = await api.post(
      `/accounts/${accountId}/deposits`,
      { amount: 71 },
      { 'idempotency-key': key },
    );
    expect(reused.statusCode).toBe(422);
    expect(reused.json()).toMatchObject({
      status: 422,
      type: expect.stringContaining('idempotency-key-reused'),
    });
    expect(await api.readStream(accountStreamName(accountId))).toHaveLength(2);
  });

  it('finds the first call in the stream, not in memory: a second copy of the API answers the retry', async () => {
    const copy = await api.startCopy();
    try {
      const accountId = await api.openAccount();
      const key = `withdraw-${randomUUID()}`;
      await api.post(`/accounts/${accountId}/deposits`, { amount: 100 });
      const first = await api.post(
        `/accounts/${accountId}/withdrawals`,
        { amount: 40 },
        { 'idempotency-key': key },
      );
      const retry = await api.post(
        `/accounts/${accountId}/withdrawals`,
        { amount: 40 },
        { 'idempotency-key': key },
        copy,
      );
      expect(retry.statusCode).toBe(200);
      expect(retry.json()).toEqual(first.json());
      const other = await api.post(
        `/accounts/${accountId}/withdrawals`,
        { amount: 41 },
        { 'idempotency-key': key },
        copy,
      );
      expect(other.statusCode).toBe(422);
      expect((await api.readStream(accountStreamName(accountId))).map((e) => e.type)).toEqual([
        'AccountOpened',
        'MoneyDeposited',
        'MoneyWithdrawn',
      ]);
    } finally {
      await copy.close();
    }
  });

  it('answers a retry at a copy that cached the account before the first call, and refuses another body there', async () => {
    const copy = await api.startCopy();
    try {
      const accountId = await api.openAccount();
      await api.post(`/accounts/${accountId}/deposits`, { amount: 10 }, {}, copy); // the copy caches it
      const key = `deposit-${randomUUID()}`;
      const first = await api.post(
        `/accounts/${accountId}/deposits`,
        { amount: 70 },
        { 'idempotency-key': key },
      );
      const retry = await api.post(
        `/accounts/${accountId}/deposits`,
        { amount: 70 },
        { 'idempotency-key': key },
        copy,
      );
      expect(retry.statusCode).toBe(200);
      expect(retry.json()).toEqual(first.json());
      const otherKey = `deposit-${randomUUID()}`;
      await api.post(`/accounts/${accountId}/deposits`, { amount: 5 }, { 'idempotency-key': otherKey });
      const reused = await api.post(
        `/accounts/${accountId}/deposits`,
        { amount: 6 },
        { 'idempotency-key': otherKey },
        copy,
      );
      expect(reused.statusCode).toBe(422);
      // The copy's view of the account is the stored one: 85 can be withdrawn, not a cent more.
      const all = await api.post(`/accounts/${accountId}/withdrawals`, { amount: 85 }, {}, copy);
      expect(all.statusCode).toBe(200);
      const more = await api.post(`/accounts/${accountId}/withdrawals`, { amount: 1 }, {}, copy);
      expect(more.statusCode).toBe(422);
      expect((await api.readStream(accountStreamName(accountId))).map((e) => e.type)).toEqual([
        'AccountOpened',
        'MoneyDeposited',
        'MoneyDeposited',
        'MoneyDeposited',
        'MoneyWithdrawn',
      ]);
    } finally {
      await copy.close();
    }
  });

  it('answers a POST /accounts retried after a restart as the first call, appending nothing', async () => {
    const key = `open-${randomUUID()}`;
    const body = { ownerId: randomUUID(), currency: 'EUR' };
    const first = await api.post('/accounts', body, { 'idempotency-key': key });
    // Each restart knows nothing of the account the key derives.
    const [restarted, restartedAgain] = [await api.startCopy(), await api.startCopy()];
    try {
      const retry = await api.post('/accounts', body, { 'idempotency-key': key }, restarted);
      expect(retry.statusCode).toBe(201);
      expect(retry.json()).toEqual(first.json());
      expect(retry.headers.etag).toBe(first.headers.etag);
      const changed = await api.post(
        '/accounts',
        { ...body, currency: 'GBP' },
        { 'idempotency-key': key },
        restartedAgain,
      );
      expect(changed.statusCode).toBe(422);
      const events = await api.readStream(accountStreamName(first.json().accountId));
      expect(events.map((e) => [e.type, (e.data as { currency: string }).currency])).toEqual([
        ['AccountOpened', 'EUR'],
      ]);
    } finally {
      await restarted.close();
      await restartedAgain.close();
    }
  });

  it('opens one account for a retried POST /accounts without accountId', async () => {
    const key = `open-${randomUUID()}`;
    const body = { ownerId: randomUUID(), currency: 'GBP' };
    const first = await api.post('/accounts', body, { 'idempotency-key': key });
    const retry = await api.post('/accounts', body, { 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.json()).toEqual(first.json());
    expect(await api.readStream(accountStreamName(first.json().accountId))).toHaveLength(1);
  });

  describe('POST /transfers', () => {
    it('requires an Idempotency-Key', async () => {
      const response = await api.post('/transfers', {
        fromAccountId: randomUUID(),
        toAccountId: randomUUID(),
        amount: 5,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
    });

    it('answers 202 and stores TransferRequested; a retry without transferId reaches the same transfer', async () => {
      const key = `transfer-${randomUUID()}`;
      const body = { fromAccountId: await api.openAccount(), toAccountId: randomUUID(), amount: 25 };
      const first = await api.post('/transfers', body, { 'idempotency-key': key });
      const retry = await api.post('/transfers', body, { 'idempotency-key': key });
      expect(first.statusCode).toBe(202);
      expect(first.json()).toEqual({
        transferId: expect.any(String),
        revision: 0,
        position: expect.stringMatching(/^\d+$/),
      });
      expect(first.headers.etag).toBe('"0"');
      expect(retry.statusCode).toBe(202);
      expect(retry.json()).toEqual(first.json());
      const events = await api.readStream(transferStreamName(first.json().transferId));
      expect(events).toHaveLength(1);
      expect(events[0].type).toBe('TransferRequested');
      expect(events[0].data).toMatchObject({ transferId: first.json().transferId, ...body });
      const changed = await api.post('/transfers', { ...body, amount: 26 }, { 'idempotency-key': key });
      expect(changed.statusCode).toBe(422);
    });

    it('uses the given transferId, and rejects a transfer to the same account', async () => {
      const transferId = randomUUID();
      const accountId = await api.openAccount();
      const given = await api.post(
        '/transfers',
        { transferId, fromAccountId: accountId, toAccountId: randomUUID(), amount: 1 },
        { 'idempotency-key': randomUUID() },
      );
      expect(given.json().transferId).toBe(transferId);
      const same = await api.post(
        '/transfers',
        { fromAccountId: accountId, toAccountId: accountId, amount: 1 },
        { 'idempotency-key': randomUUID() },
      );
      expect(same.statusCode).toBe(400);
      expect(same.json().errors[0].field).toBe('toAccountId');
    });

    it('rejects a malformed key', async () => {
      const response = await api.post(
        '/transfers',
        { fromAccountId: randomUUID(), toAccountId: randomUUID(), amount: 5 },
        { 'idempotency-key': 'x'.repeat(201) },
      );
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].field).toBe('Idempotency-Key');
    });
  });
});
