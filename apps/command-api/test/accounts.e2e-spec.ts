import { randomUUID } from 'node:crypto';
import { jsonEvent, NO_STREAM } from '@eventstore/db-client';
import { accountStreamName } from '@ledger/domain';
import { CommandApiHarness } from './command-api.harness.js';

describe('account commands', () => {
  let api: CommandApiHarness;
  beforeAll(async () => {
    api = await CommandApiHarness.start();
  });
  afterAll(async () => {
    await api.stop();
  });

  describe('POST /accounts', () => {
    it('opens an account with the given id and stores AccountOpened with its metadata', async () => {
      const accountId = randomUUID();
      const ownerId = randomUUID();
      const response = await api.post(
        '/accounts',
        { accountId, ownerId, currency: 'EUR', overdraftLimit: 500 },
        { 'x-correlation-id': 'corr-open-1' },
      );

      expect(response.statusCode).toBe(201);
      const body = response.json();
      expect(body).toEqual({ accountId, revision: 0, position: expect.stringMatching(/^\d+$/) });
      expect(response.headers.etag).toBe('"0"');
      expect(response.headers['x-commit-position']).toBe(body.position);
      expect(response.headers['x-correlation-id']).toBe('corr-open-1');

      const [event, ...rest] = await api.readStream(accountStreamName(accountId));
      expect(rest).toEqual([]);
      expect(event.type).toBe('AccountOpened');
      expect(event.data).toEqual({
        accountId,
        ownerId,
        currency: 'EUR',
        overdraftLimit: 500,
        openedAt: expect.any(String),
      });
      expect(event.position?.commit.toString()).toBe(body.position);
      const metadata = event.metadata as Record<string, unknown>;
      expect(metadata).toMatchObject({
        correlationId: 'corr-open-1',
        actor: 'api-key:client:0',
        schemaVersion: 2,
        commandType: 'OpenAccount',
        occurredAt: (event.data as { openedAt: string }).openedAt,
      });
      expect(metadata.causationId).toBe(metadata.commandId);
      expect(metadata.idempotencyKey).toBeUndefined();
    });

    it('generates the account id when the body omits it', async () => {
      const response = await api.post('/accounts', { ownerId: randomUUID(), currency: 'USD' });
      expect(response.statusCode).toBe(201);
      const { accountId } = response.json();
      expect(accountId).toMatch(/^[0-9a-f-]{36}$/);
      const events = await api.readStream(accountStreamName(accountId));
      expect(events.map((e) => [e.type, (e.data as { overdraftLimit: number }).overdraftLimit])).toEqual([
        ['AccountOpened', 0],
      ]);
    });

    it('answers 409 when the account already exists', async () => {
      const accountId = await api.openAccount();
      const response = await api.post('/accounts', { accountId, ownerId: randomUUID(), currency: 'EUR' });
      expect(response.statusCode).toBe(409);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({ status: 409, type: expect.stringContaining('already-exists') });
      expect(await api.readStream(accountStreamName(accountId))).toHaveLength(1);
    });

    it('rejects an unknown currency, a negative overdraft and a non-UUID owner field by field', async () => {
      const response = await api.post('/accounts', { ownerId: 'bob', currency: 'XYZ', overdraftLimit: -1 });
      expect(response.statusCode).toBe(400);
      expect(
        response
          .json()
          .errors.map((e: { field: string }) => e.field)
          .sort(),
      ).toEqual(['currency', 'overdraftLimit', 'ownerId']);
    });
  });

  describe('deposits and withdrawals', () => {
    it('deposits, then withdraws within the overdraft, each answer carrying the new revision', async () => {
      const accountId = await api.openAccount({ overdraftLimit: 100 });
      const deposit = await api.post(`/accounts/${accountId}/deposits`, { amount: 250, reference: 'salary' });
      expect(deposit.statusCode).toBe(200);
      expect(deposit.json()).toMatchObject({ accountId, revision: 1 });
      expect(deposit.headers.etag).toBe('"1"');

      const withdrawal = await api.post(`/accounts/${accountId}/withdrawals`, { amount: 300 });
      expect(withdrawal.statusCode).toBe(200);
      expect(withdrawal.json()).toMatchObject({ accountId, revision: 2 });
      expect(BigInt(withdrawal.json().position)).toBeGreaterThan(BigInt(deposit.json().position));

      const events = await api.readStream(accountStreamName(accountId));
      expect(events.map((e) => e.type)).toEqual(['AccountOpened', 'MoneyDeposited', 'MoneyWithdrawn']);
      expect(events[1].data).toMatchObject({ accountId, amount: 250, currency: 'EUR', reference: 'salary' });
      expect(events[2].data).toMatchObject({ accountId, amount: 300, currency: 'EUR' });
    });

    it('answers 422 for a withdrawal beyond the overdraft limit and stores nothing', async () => {
      const accountId = await api.openAccount();
      const response = await api.post(`/accounts/${accountId}/withdrawals`, { amount: 1 });
      expect(response.statusCode).toBe(422);
      expect(response.json()).toMatchObject({
        status: 422,
        type: expect.stringContaining('insufficient-funds'),
      });
      expect(await api.readStream(accountStreamName(accountId))).toHaveLength(1);
    });

    it('answers 404 for an account that does not exist', async () => {
      const response = await api.post(`/accounts/${randomUUID()}/deposits`, { amount: 10 });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ status: 404, title: 'Not found' });
    });

    it.each([
      [{ amount: 0 }, 'amount'],
      [{ amount: -5 }, 'amount'],
      [{ amount: 1.5 }, 'amount'],
      [{ amount: '10' }, 'amount'],
      [{ amount: 1_000_000_000_001 }, 'amount'],
      [{ amount: 2 ** 60 }, 'amount'],
      [{}, 'amount'],
      [{ amount: 10, extra: true }, 'extra'],
      [{ amount: 10, reference: '' }, 'reference'],
    ])('rejects %j with exactly one field error, on %s', async (body, field) => {
      const response = await api.post(`/accounts/${randomUUID()}/deposits`, body);
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({ status: 400 });
      expect(response.json().errors).toEqual([{ field, message: expect.any(String) }]);
    });

    it('rejects an account id that is not a UUID', async () => {
      const response = await api.post('/accounts/not-a-uuid/deposits', { amount: 10 });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
    });

    it('treats an upper-case account id as the same account', async () => {
      const accountId = await api.openAccount();
      const response = await api.post(`/accounts/${accountId.toUpperCase()}/deposits`, { amount: 10 });
      expect(response.statusCode).toBe(200);
      expect(response.json().accountId).toBe(accountId);
      expect(await api.readStream(accountStreamName(accountId))).toHaveLength(2);
    });
  });

  describe('stored events of an older schema', () => {
    it('upcasts AccountOpened v1 when loading the account (no overdraft then)', async () => {
      const accountId = randomUUID();
      await api.reader.appendToStream(
        accountStreamName(accountId),
        jsonEvent({
          type: 'AccountOpened',
          data: { accountId, ownerId: randomUUID(), currency: 'EUR', openedAt: '2020-01-01T00:00:00.000Z' },
          metadata: { schemaVersion: 1 },
        }),
        { expectedRevision: NO_STREAM },
      );
      expect((await api.post(`/accounts/${accountId}/withdrawals`, { amount: 1 })).statusCode).toBe(422);
      const deposit = await api.post(`/accounts/${accountId}/deposits`, { amount: 3 });
      expect(deposit.statusCode).toBe(200);
      expect(deposit.json().revision).toBe(1);
    });
  });

  describe('freeze, unfreeze and close', () => {
    it('freezes (blocking withdrawals, not deposits), unfreezes, and closes an empty account', async () => {
      const accountId = await api.openAccount();
      expect((await api.post(`/accounts/${accountId}/freeze`, { reason: 'fraud check' })).statusCode).toBe(
        200,
      );
      const blocked = await api.post(`/accounts/${accountId}/withdrawals`, { amount: 1 });
      expect(blocked.statusCode).toBe(422);
      expect(blocked.json().type).toContain('account-frozen');
      expect((await api.post(`/accounts/${accountId}/deposits`, { amount: 5 })).statusCode).toBe(200);
      expect((await api.post(`/accounts/${accountId}/freeze`)).statusCode).toBe(422);
      expect((await api.post(`/accounts/${accountId}/unfreeze`)).statusCode).toBe(200);
      expect((await api.post(`/accounts/${accountId}/close`)).statusCode).toBe(422);
      expect((await api.post(`/accounts/${accountId}/withdrawals`, { amount: 5 })).statusCode).toBe(200);
      const closed = await api.post(`/accounts/${accountId}/close`, { reason: 'customer left' });
      expect(closed.statusCode).toBe(200);
      expect(closed.json()).toMatchObject({ accountId, revision: 5 });

      const events = await api.readStream(accountStreamName(accountId));
      expect(events.map((e) => e.type)).toEqual([
        'AccountOpened',
        'AccountFrozen',
        'MoneyDeposited',
        'AccountUnfrozen',
        'MoneyWithdrawn',
        'AccountClosed',
      ]);
      expect(events[1].data).toMatchObject({ accountId, reason: 'fraud check' });
      expect(events[5].data).toMatchObject({ accountId, reason: 'customer left' });
      expect((await api.post(`/accounts/${accountId}/deposits`, { amount: 5 })).statusCode).toBe(422);
    });

    it('answers 422 when unfreezing an account that is not frozen', async () => {
      const accountId = await api.openAccount();
      const response = await api.post(`/accounts/${accountId}/unfreeze`, {});
      expect(response.statusCode).toBe(422);
      expect(response.json().type).toContain('account-not-frozen');
    });

    it('rejects an over-long reason', async () => {
      const response = await api.post(`/accounts/${randomUUID()}/freeze`, { reason: 'x'.repeat(501) });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].field).toBe('reason');
    });
  });

  describe('closing with a transfer unsettled', () => {
    it('is refused (422) while the debit waits for its credit or refund, and allowed once it settles', async () => {
      const accountId = await api.openAccount();
      await api.post(`/accounts/${accountId}/deposits`, { amount: 2_500 });
      const streamName = accountStreamName(accountId);
      const transferId = randomUUID();
      const step = (type: string, data: Record<string, unknown>) =>
        jsonEvent({
          type,
          data: { accountId, transferId, amount: 2_500, currency: 'EUR', ...data },
          metadata: { schemaVersion: 1, actor: 'workflow', occurredAt: new Date().toISOString() },
        });
      // What the transfer workflow appends: the debit now, its settlement once the destination took it.
      await api.reader.appendToStream(
        streamName,
        step('TransferDebited', { toAccountId: randomUUID(), debitedAt: new Date().toISOString() }),
      );
      const refused = await api.post(`/accounts/${accountId}/close`, {});
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toMatchObject({ type: expect.stringContaining('transfers-unsettled') });
      expect(refused.json().detail).toContain(transferId);
      await api.reader.appendToStream(
        streamName,
        step('TransferDebitSettled', { settledAt: new Date().toISOString() }),
      );
      expect((await api.post(`/accounts/${accountId}/close`, {})).statusCode).toBe(200);
    });
  });
});
