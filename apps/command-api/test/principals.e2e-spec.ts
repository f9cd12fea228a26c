import { createHash, randomUUID } from 'node:crypto';
import { accountStreamName, transferStreamName } from '@ledger/domain';
import { CommandApiHarness } from './command-api.harness.js';

const OWNER_A = randomUUID();
const OWNER_B = randomUUID();
const sha256 = (key: string) => createHash('sha256').update(key).digest('hex');
const API_KEYS = JSON.stringify({
  client: {
    'acme-web': ['web-key-old', 'web-key-new'],
    'acme-batch': `sha256:${sha256('batch-key')}`,
    tenant: { key: 'tenant-key', owners: [OWNER_A] },
  },
});
const as = (key: string) => ({ authorization: `Bearer ${key}` });

describe('named principals', () => {
  let api: CommandApiHarness;
  beforeAll(async () => {
    api = await CommandApiHarness.start({ API_KEYS });
  });
  afterAll(async () => {
    await api.stop();
  });

  const open = async (key: string, ownerId = OWNER_B, headers: Record<string, string> = {}) =>
    api.post('/accounts', { ownerId, currency: 'EUR' }, { ...as(key), ...headers });
  const actorsOf = async (accountId: string) =>
    (await api.readStream(accountStreamName(accountId))).map((e) => (e.metadata as { actor: string }).actor);

  it('are the actor of their events, the same through both keys of a rotation', async () => {
    const accountId = (await open('web-key-old')).json().accountId;
    expect(
      (await api.post(`/accounts/${accountId}/deposits`, { amount: 5 }, as('web-key-new'))).statusCode,
    ).toBe(200);
    expect(await actorsOf(accountId)).toEqual(['acme-web', 'acme-web']);
  });

  it('authenticate a key configured only as its digest, and never the digest itself', async () => {
    const opened = await open('batch-key');
    expect(opened.statusCode).toBe(201);
    expect(await actorsOf(opened.json().accountId)).toEqual(['acme-batch']);
    expect((await open(`sha256:${sha256('batch-key')}`)).statusCode).toBe(401);
  });

  describe('sending the same Idempotency-Key', () => {
    it('open two accounts, each retried by its own principal only', async () => {
      const key = { 'idempotency-key': `open-${randomUUID()}` };
      const web = await open('web-key-new', OWNER_B, key);
      const batch = await open('batch-key', OWNER_B, key);
      expect([web.statusCode, batch.statusCode]).toEqual([201, 201]);
      expect(web.json().accountId).not.toBe(batch.json().accountId);
      const webRetry = await open('web-key-old', OWNER_B, key);
      expect(webRetry.statusCode).toBe(201);
      expect(webRetry.json()).toEqual(web.json());
      const [webEvent] = await api.readStream(accountStreamName(web.json().accountId));
      const [batchEvent] = await api.readStream(accountStreamName(batch.json().accountId));
      const commandIds = [webEvent, batchEvent].map((e) => (e.metadata as { commandId: string }).commandId);
      expect(new Set(commandIds).size).toBe(2);
      expect(webEvent.id).not.toBe(batchEvent.id);
    });

    it('make two deposits on one account, not a 422 and not a replay', async () => {
      const accountId = (await open('web-key-new')).json().accountId;
      const key = { 'idempotency-key': `deposit-${randomUUID()}` };
      const web = await api.post(
        `/accounts/${accountId}/deposits`,
        { amount: 5 },
        { ...as('web-key-new'), ...key },
      );
      const batch = await api.post(
        `/accounts/${accountId}/deposits`,
        { amount: 7 },
        { ...as('batch-key'), ...key },
      );
      expect([web.statusCode, batch.statusCode]).toEqual([200, 200]);
      expect(batch.json().revision).toBe(2);
      const deposits = (await api.readStream(accountStreamName(accountId))).slice(1);
      expect(deposits.map((e) => (e.data as { amount: number }).amount)).toEqual([5, 7]);
    });

    it('request two transfers', async () => {
      const from = (await open('web-key-new')).json().accountId;
      const body = { fromAccountId: from, toAccountId: randomUUID(), amount: 1 };
      const key = { 'idempotency-key': `transfer-${randomUUID()}` };
      const web = await api.post('/transfers', body, { ...as('web-key-new'), ...key });
      const batch = await api.post('/transfers', body, { ...as('batch-key'), ...key });
      expect([web.statusCode, batch.statusCode]).toEqual([202, 202]);
      expect(web.json().transferId).not.toBe(batch.json().transferId);
      for (const answer of [web, batch]) {
        expect(await api.readStream(transferStreamName(answer.json().transferId))).toHaveLength(1);
      }
    });
  });

  describe('a key bound to owners', () => {
    let theirs: string;
    let others: string;
    beforeAll(async () => {
      theirs = (await open('tenant-key', OWNER_A)).json().accountId;
      others = (await open('web-key-new', OWNER_B)).json().accountId;
      await api.post(`/accounts/${others}/deposits`, { amount: 100 }, as('web-key-new'));
    });

    it('opens accounts for its owners only', async () => {
      expect(theirs).toBeDefined();
      const refused = await open('tenant-key', OWNER_B);
      expect(refused.statusCode).toBe(403);
      expect(refused.headers['content-type']).toContain('application/problem+json');
    });

    it('acts on its owners’ accounts', async () => {
      expect(
        (await api.post(`/accounts/${theirs}/deposits`, { amount: 5 }, as('tenant-key'))).statusCode,
      ).toBe(200);
    });

    it.each([
      ['deposits', { amount: 1 }],
      ['withdrawals', { amount: 1 }],
      ['freeze', {}],
      ['close', {}],
    ])(
      'gets for another owner’s account (%s) exactly the 404 of an unknown one, and changes nothing',
      async (path, body) => {
        const unknown = randomUUID();
        const other = await api.post(`/accounts/${others}/${path}`, body, {
          ...as('tenant-key'),
          'if-match': '"1"',
        });
        const missing = await api.post(`/accounts/${unknown}/${path}`, body, {
          ...as('tenant-key'),
          'if-match': '"1"',
        });
        expect(other.statusCode).toBe(404);
        expect(other.json()).toEqual(JSON.parse(missing.body.replaceAll(unknown, others)));
        expect(await api.readStream(accountStreamName(others))).toHaveLength(2);
      },
    );

    it('cannot transfer from another owner’s account (404), and may transfer from its own to anyone', async () => {
      const key = () => ({ ...as('tenant-key'), 'idempotency-key': randomUUID() });
      const stolen = await api.post(
        '/transfers',
        { fromAccountId: others, toAccountId: theirs, amount: 50 },
        key(),
      );
      expect(stolen.statusCode).toBe(404);
      expect(stolen.json().detail).toBe(`account ${others} not found`);
      const paid = await api.post(
        '/transfers',
        { fromAccountId: theirs, toAccountId: others, amount: 1 },
        key(),
      );
      expect(paid.statusCode).toBe(202);
    });
  });
});
