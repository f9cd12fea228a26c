import { randomUUID } from 'node:crypto';
import type { JSONRecordedEvent } from '@eventstore/db-client';
import { accountStreamName, CURRENT_SCHEMA_VERSIONS, transferStreamName } from '@ledger/domain';
import { CLIENT_KEY, CommandApiHarness } from './command-api.harness.js';

type Answer = { revision: number; position: string } & Record<string, unknown>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('every command endpoint: its answer and the event it stored', () => {
  let api: CommandApiHarness;
  beforeAll(async () => {
    api = await CommandApiHarness.start();
  });
  afterAll(async () => {
    await api.stop();
  });

  /** The answer's body and headers agree, and the stream's last event is the one the answer names. */
  async function expectAnswered(
    response: Awaited<ReturnType<CommandApiHarness['post']>>,
    expected: { status: number; idField: string; id: string; stream: string; revision: number },
  ): Promise<JSONRecordedEvent> {
    expect(response.statusCode).toBe(expected.status);
    const body = response.json<Answer>();
    expect(body).toEqual({
      [expected.idField]: expected.id,
      revision: expected.revision,
      position: expect.stringMatching(/^\d+$/),
    });
    expect(response.headers.etag).toBe(`"${expected.revision}"`);
    expect(response.headers['x-commit-position']).toBe(body.position);
    const events = await api.readStream(expected.stream);
    const last = events.at(-1)!;
    expect(last.revision).toBe(BigInt(expected.revision));
    expect(last.position?.commit.toString()).toBe(body.position);
    return last;
  }

  /** The metadata ARCHITECTURE.md promises on every event, and `occurredAt` = the event's own time. */
  function expectMetadata(event: JSONRecordedEvent, correlationId: string, timeField: string): void {
    const metadata = event.metadata as Record<string, unknown>;
    expect(metadata).toMatchObject({
      correlationId,
      commandId: expect.stringMatching(UUID),
      actor: 'api-key:client:0',
      occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      schemaVersion: CURRENT_SCHEMA_VERSIONS[event.type as keyof typeof CURRENT_SCHEMA_VERSIONS],
    });
    expect(metadata.causationId).toBe(metadata.commandId);
    expect((event.data as Record<string, unknown>)[timeField]).toBe(metadata.occurredAt);
  }

  it('answers each account command with id, revision (= ETag) and position (= X-Commit-Position)', async () => {
    const accountId = randomUUID();
    const stream = accountStreamName(accountId);
    const steps: Array<{
      path: string;
      body: object;
      status: number;
      type: string;
      timeField: string;
      data: object;
    }> = [
      {
        path: '/accounts',
        body: { accountId, ownerId: randomUUID(), currency: 'EUR', overdraftLimit: 0 },
        status: 201,
        type: 'AccountOpened',
        timeField: 'openedAt',
        data: { accountId, currency: 'EUR', overdraftLimit: 0 },
      },
      {
        path: `/accounts/${accountId}/deposits`,
        body: { amount: 100, reference: 'in' },
        status: 200,
        type: 'MoneyDeposited',
        timeField: 'depositedAt',
        data: { accountId, amount: 100, currency: 'EUR', reference: 'in' },
      },
      {
        path: `/accounts/${accountId}/withdrawals`,
        body: { amount: 100, reference: 'out' },
        status: 200,
        type: 'MoneyWithdrawn',
        timeField: 'withdrawnAt',
        data: { accountId, amount: 100, currency: 'EUR', reference: 'out' },
      },
      {
        path: `/accounts/${accountId}/freeze`,
        body: { reason: 'check' },
        status: 200,
        type: 'AccountFrozen',
        timeField: 'frozenAt',
        data: { accountId, reason: 'check' },
      },
      {
        path: `/accounts/${accountId}/unfreeze`,
        body: { reason: 'cleared' },
        status: 200,
        type: 'AccountUnfrozen',
        timeField: 'unfrozenAt',
        data: { accountId, reason: 'cleared' },
      },
      {
        path: `/accounts/${accountId}/close`,
        body: { reason: 'done' },
        status: 200,
        type: 'AccountClosed',
        timeField: 'closedAt',
        data: { accountId, reason: 'done' },
      },
    ];
    let lastPosition = -1n;
    for (const [revision, step] of steps.entries()) {
      const correlationId = `answers-${revision}-${randomUUID()}`;
      const response = await api.post(step.path, step.body, { 'x-correlation-id': correlationId });
      const event = await expectAnswered(response, {
        status: step.status,
        idField: 'accountId',
        id: accountId,
        stream,
        revision,
      });
      expect(event.type).toBe(step.type);
      expect(event.data).toMatchObject(step.data);
      expectMetadata(event, correlationId, step.timeField);
      expect(BigInt(response.json<Answer>().position)).toBeGreaterThan(lastPosition);
      lastPosition = BigInt(response.json<Answer>().position);
    }
    expect((await api.readStream(stream)).map((e) => e.type)).toEqual(steps.map((s) => s.type));
  });

  it('answers POST /transfers with 202, transferId, revision and position, and stores TransferRequested', async () => {
    const transferId = randomUUID();
    const fromAccountId = await api.openAccount({ currency: 'JPY' });
    const body = { transferId, fromAccountId, toAccountId: randomUUID(), amount: 250 };
    const key = `answers-transfer-${randomUUID()}`;
    const response = await api.post('/transfers', body, {
      'idempotency-key': key,
      'x-correlation-id': 'answers-transfer',
    });
    const event = await expectAnswered(response, {
      status: 202,
      idField: 'transferId',
      id: transferId,
      stream: transferStreamName(transferId),
      revision: 0,
    });
    expect(event.type).toBe('TransferRequested');
    expect(event.data).toMatchObject({ ...body, currency: 'JPY' });
    expect(event.metadata).toMatchObject({ schemaVersion: 2 });
    expectMetadata(event, 'answers-transfer', 'requestedAt');
    expect(event.metadata).toMatchObject({ idempotencyKey: key });
  });

  it('documents every command endpoint, with its success status, in the OpenAPI document', async () => {
    const document = (await api.app.inject({ url: '/docs-json' })).json<{
      paths: Record<string, { post?: { responses: Record<string, unknown> } }>;
    }>();
    const documented = Object.fromEntries(
      Object.entries(document.paths)
        .filter(([, item]) => item.post)
        .map(([path, item]) => [path, Object.keys(item.post!.responses).filter((s) => s.startsWith('2'))]),
    );
    expect(documented).toEqual({
      '/accounts': ['201'],
      '/accounts/{id}/deposits': ['200'],
      '/accounts/{id}/withdrawals': ['200'],
      '/accounts/{id}/freeze': ['200'],
      '/accounts/{id}/unfreeze': ['200'],
      '/accounts/{id}/close': ['200'],
      '/transfers': ['202'],
    });
  });

  describe('failures', () => {
    it.each([
      ['deposits', { amount: 1 }],
      ['withdrawals', { amount: 1 }],
      ['freeze', {}],
      ['unfreeze', {}],
      ['close', {}],
    ])('POST /accounts/:id/%s on an unknown account: 404 problem, nothing stored', async (path, body) => {
      const accountId = randomUUID();
      const response = await api.post(`/accounts/${accountId}/${path}`, body);
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({ status: 404, type: expect.stringContaining('not-found') });
      expect(await api.readStream(accountStreamName(accountId))).toEqual([]);
    });

    it('a closed account refuses every further command with 422 and stores nothing more', async () => {
      const accountId = await api.openAccount();
      expect((await api.post(`/accounts/${accountId}/close`)).statusCode).toBe(200);
      for (const [path, body] of [
        ['deposits', { amount: 1 }],
        ['withdrawals', { amount: 1 }],
        ['freeze', {}],
        ['unfreeze', {}],
        ['close', {}],
      ] as const) {
        const response = await api.post(`/accounts/${accountId}/${path}`, body);
        expect({ path, status: response.statusCode }).toEqual({ path, status: 422 });
        expect(response.headers['content-type']).toContain('application/problem+json');
      }
      expect(await api.readStream(accountStreamName(accountId))).toHaveLength(2);
    });

    it('POST /transfers with a transferId that exists, under another key: 409', async () => {
      const transferId = randomUUID();
      const body = {
        transferId,
        fromAccountId: await api.openAccount(),
        toAccountId: randomUUID(),
        amount: 5,
      };
      expect((await api.post('/transfers', body, { 'idempotency-key': randomUUID() })).statusCode).toBe(202);
      const again = await api.post('/transfers', body, { 'idempotency-key': randomUUID() });
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ status: 409, type: expect.stringContaining('already-exists') });
      expect(await api.readStream(transferStreamName(transferId))).toHaveLength(1);
    });

    it.each([
      ['/accounts', 'balance', { ownerId: randomUUID(), currency: 'EUR', balance: 10 }],
      ['/accounts/:id/deposits', 'currency', { amount: 1, currency: 'EUR' }],
      ['/accounts/:id/withdrawals', 'force', { amount: 1, force: true }],
      ['/accounts/:id/freeze', 'until', { reason: 'x', until: 'tomorrow' }],
      ['/accounts/:id/unfreeze', 'note', { note: 'x' }],
      ['/accounts/:id/close', 'payout', { payout: 'elsewhere' }],
      ['/transfers', 'fee', { fromAccountId: randomUUID(), toAccountId: randomUUID(), amount: 1, fee: 0 }],
    ])('%s rejects the unknown field %s with one 400 entry for it', async (path, field, body) => {
      const url = path.replace(':id', randomUUID());
      const response = await api.post(url, body, { 'idempotency-key': randomUUID() });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([{ field, message: `property ${field} should not exist` }]);
    });

    it.each([
      ['/accounts', 'accountId', { ownerId: randomUUID(), currency: 'EUR', accountId: 'acc-1' }],
      ['/accounts', 'currency', { ownerId: randomUUID(), currency: 'eur' }],
      ['/transfers', 'fromAccountId', { fromAccountId: 'a', toAccountId: randomUUID(), amount: 1 }],
      ['/transfers', 'amount', { fromAccountId: randomUUID(), toAccountId: randomUUID(), amount: 0 }],
      [
        '/transfers',
        'transferId',
        { transferId: 'x', fromAccountId: randomUUID(), toAccountId: randomUUID(), amount: 1 },
      ],
    ])('%s rejects an invalid %s with a 400 problem naming it', async (path, field, body) => {
      const response = await api.post(path, body, { 'idempotency-key': randomUUID() });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    });
  });

  describe('the default body limit (64 KiB)', () => {
    /** A deposit body of exactly `bytes` bytes (ASCII, so characters = bytes). */
    const depositBody = (bytes: number): string => {
      const frame = JSON.stringify({ amount: 1, reference: '' });
      return JSON.stringify({ amount: 1, reference: 'r'.repeat(bytes - frame.length) });
    };
    const send = (payload: string) =>
      api.app.inject({
        method: 'POST',
        url: `/accounts/${randomUUID()}/deposits`,
        headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json' },
        payload,
      });

    it('reads a body of exactly 64 KiB (then judges its fields) and answers 413 one byte over', async () => {
      const atLimit = await send(depositBody(64 * 1024));
      expect(atLimit.statusCode).toBe(400);
      expect(atLimit.json().errors.map((e: { field: string }) => e.field)).toEqual(['reference']);
      const over = await send(depositBody(64 * 1024 + 1));
      expect(over.statusCode).toBe(413);
      expect(over.headers['content-type']).toContain('application/problem+json');
      expect(over.json()).toMatchObject({ status: 413 });
    });
  });
});
