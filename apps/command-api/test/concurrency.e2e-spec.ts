import { randomUUID } from 'node:crypto';
import { type AccountEvent, accountStreamName, evolveAccount, initialAccountState } from '@ledger/domain';
import { CommandApiHarness } from './command-api.harness.js';

describe('concurrent writers', () => {
  let api: CommandApiHarness;
  beforeAll(async () => {
    api = await CommandApiHarness.start();
  });
  afterAll(async () => {
    await api.stop();
  });

  async function foldedAccount(accountId: string) {
    const events = await api.readStream(accountStreamName(accountId));
    const state = events.reduce(
      (s, e) => evolveAccount(s, { type: e.type, data: e.data } as AccountEvent),
      initialAccountState(),
    );
    return { state, lastRevision: events.at(-1)?.revision };
  }

  it('applies all of 50 concurrent deposits to one account', async () => {
    const accountId = await api.openAccount();
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => api.post(`/accounts/${accountId}/deposits`, { amount: i + 1 })),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(50).fill(200));
    const revisions = responses.map((r) => r.json().revision).sort((a, b) => a - b);
    expect(revisions).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const { state, lastRevision } = await foldedAccount(accountId);
    expect(lastRevision).toBe(50n);
    expect(state.balance).toBe((50 * 51) / 2);
  });

  it('loses no update when two copies of the API write to one account at once', async () => {
    const copy = await api.startCopy();
    try {
      const accountId = await api.openAccount();
      const responses = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          api.post(`/accounts/${accountId}/deposits`, { amount: 10 }, {}, i % 2 === 0 ? api.app : copy),
        ),
      );
      // Retries are bounded, so a few may give up with 409; each 200 must be in the stream exactly once.
      const statuses = responses.map((r) => r.statusCode);
      expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
      const applied = statuses.filter((s) => s === 200).length;
      expect(applied).toBeGreaterThan(0);
      const { state, lastRevision } = await foldedAccount(accountId);
      expect(state.balance).toBe(applied * 10);
      expect(lastRevision).toBe(BigInt(applied));
    } finally {
      await copy.close();
    }
  });

  describe('If-Match', () => {
    it('appends when it names the current revision', async () => {
      const accountId = await api.openAccount();
      const response = await api.post(
        `/accounts/${accountId}/deposits`,
        { amount: 5 },
        { 'if-match': '"0"' },
      );
      expect(response.statusCode).toBe(200);
      expect(response.headers.etag).toBe('"1"');
    });

    it('answers 412 and appends nothing when the revision moved on', async () => {
      const accountId = await api.openAccount();
      await api.post(`/accounts/${accountId}/deposits`, { amount: 5 });
      const stale = await api.post(`/accounts/${accountId}/deposits`, { amount: 7 }, { 'if-match': '"0"' });
      expect(stale.statusCode).toBe(412);
      expect(stale.json()).toMatchObject({
        status: 412,
        type: expect.stringContaining('precondition-failed'),
      });
      expect((await foldedAccount(accountId)).state.balance).toBe(5);
    });

    it('answers 412 when another copy of the API wrote since (the cache is not trusted)', async () => {
      const copy = await api.startCopy();
      try {
        const accountId = await api.openAccount();
        await api.post(`/accounts/${accountId}/deposits`, { amount: 1 });
        await api.post(`/accounts/${accountId}/deposits`, { amount: 1 }, {}, copy);
        const stale = await api.post(`/accounts/${accountId}/deposits`, { amount: 1 }, { 'if-match': '"1"' });
        expect(stale.statusCode).toBe(412);
        const fresh = await api.post(`/accounts/${accountId}/deposits`, { amount: 1 }, { 'if-match': '"2"' });
        expect(fresh.statusCode).toBe(200);
      } finally {
        await copy.close();
      }
    });

    it('rejects an If-Match that is not a revision', async () => {
      const response = await api.post(
        `/accounts/${randomUUID()}/deposits`,
        { amount: 1 },
        { 'if-match': 'abc' },
      );
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].field).toBe('If-Match');
    });

    it.each([
      ['W/"1"', /strong tag.*weak tag/],
      ['1', /one revision in quotes/],
      ['"1", "2"', /one revision in quotes/],
    ])('refuses If-Match %s with a 400 that says why, storing nothing', async (ifMatch, reason) => {
      const accountId = await api.openAccount();
      const response = await api.post(
        `/accounts/${accountId}/deposits`,
        { amount: 1 },
        { 'if-match': ifMatch },
      );
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([{ field: 'If-Match', message: expect.stringMatching(reason) }]);
      expect(await api.readStream(accountStreamName(accountId))).toHaveLength(1);
    });

    it('takes * as any revision of an account that exists, and 412 for one that does not', async () => {
      const accountId = await api.openAccount();
      const any = await api.post(`/accounts/${accountId}/deposits`, { amount: 3 }, { 'if-match': '*' });
      expect(any.statusCode).toBe(200);
      expect(any.json().revision).toBe(1);
      const created = await api.post(
        '/accounts',
        { accountId: randomUUID(), ownerId: randomUUID(), currency: 'EUR' },
        { 'if-match': '*' },
      );
      expect(created.statusCode).toBe(412);
      expect(created.json().type).toContain('precondition-failed');
    });
  });

  describe('a queue of commands on one stream', () => {
    let small: CommandApiHarness;
    beforeAll(async () => {
      small = await CommandApiHarness.start({ MAX_QUEUED_PER_STREAM: '2' });
    });
    afterAll(async () => {
      await small.stop();
    });

    it('answers 503 with Retry-After past its bound, and applies every command it took', async () => {
      const accountId = await small.openAccount();
      const responses = await Promise.all(
        Array.from({ length: 30 }, () => small.post(`/accounts/${accountId}/deposits`, { amount: 1 })),
      );
      const busy = responses.filter((r) => r.statusCode === 503);
      const done = responses.filter((r) => r.statusCode === 200);
      expect(busy.length + done.length).toBe(30);
      expect(busy.length).toBeGreaterThan(0);
      expect(busy[0].headers['retry-after']).toBe('1');
      expect(busy[0].headers['content-type']).toContain('application/problem+json');
      expect(busy[0].json()).toMatchObject({ status: 503, type: expect.stringContaining('stream-busy') });
      const events = await small.readStream(accountStreamName(accountId));
      expect(events).toHaveLength(1 + done.length);
      const other = await small.openAccount();
      expect((await small.post(`/accounts/${other}/deposits`, { amount: 1 })).statusCode).toBe(200);
    });
  });

  it('retries on fresh state when another copy wrote since this one cached the account', async () => {
    const copy = await api.startCopy();
    try {
      const accountId = await api.openAccount({ overdraftLimit: 0 });
      await api.post(`/accounts/${accountId}/deposits`, { amount: 10 });
      // The copy empties the account; this instance's cache still says balance 10.
      expect(
        (await api.post(`/accounts/${accountId}/withdrawals`, { amount: 10 }, {}, copy)).statusCode,
      ).toBe(200);
      const overdraw = await api.post(`/accounts/${accountId}/withdrawals`, { amount: 10 });
      expect(overdraw.statusCode).toBe(422);
      expect((await foldedAccount(accountId)).state.balance).toBe(0);
    } finally {
      await copy.close();
    }
  });
});
