import { ACCOUNT_SUMMARY } from '@ledger/read-models';
import { QueryApiHarness } from './query-api.harness.js';
import { account, OWNER_A } from './read-model.fixtures.js';

describe('query strings are validated, never passed to MongoDB', () => {
  let harness: QueryApiHarness;
  const accounts = Array.from({ length: 12 }, (_, i) => account(i + 1));

  beforeAll(async () => {
    harness = await QueryApiHarness.start();
    await harness.seed(ACCOUNT_SUMMARY, accounts);
  });
  afterAll(() => harness.stop());

  it.each([
    ['an operator in a parameter name', '/accounts?ownerId[$ne]=x'],
    ['an operator as a value', '/accounts?status=$ne'],
    ['a repeated parameter', `/accounts?ownerId=${OWNER_A}&ownerId=${OWNER_A}`],
    ['an unknown parameter', '/accounts?balance=5'],
    ['a field path as a parameter', '/accounts?ownerId.$gt='],
    ['a prototype key', '/accounts?__proto__=x'],
    ['a sort on an unknown field', '/accounts?sort=ownerId'],
    ['a sort naming an operator', '/accounts?sort=$where'],
    ['a page past 500', '/accounts?limit=501'],
    ['a page of nothing', '/accounts?limit=0'],
    ['a limit that is no number', '/accounts?limit=ten'],
    ['a balance that is no integer', '/accounts?minBalance=1.5'],
    ['a date that is no date', '/accounts?openedFrom=yesterday'],
    [
      'an opening range past ten years',
      '/accounts?openedFrom=2000-01-01T00:00:00Z&openedTo=2026-01-01T00:00:00Z',
    ],
    ['a transfer status that does not exist', '/transfers?status=$exists'],
    ['an unknown parameter on transfers', '/transfers?fromOwnerId=x'],
  ])('refuses %s with a 400 problem', async (_, url) => {
    const res = await harness.get(url);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors?.length).toBeGreaterThan(0);
  });

  it('refuses a cursor that was altered, made up, or taken to another query', async () => {
    const first = (await harness.get('/accounts?limit=5&sort=openedAt')).json<{ nextCursor: string }>();
    const cursor = first.nextCursor;
    expect((await harness.get(`/accounts?limit=5&sort=openedAt&cursor=${cursor}`)).statusCode).toBe(200);
    const [payload, mac] = cursor.split('.') as [string, string];
    const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { q: string; k: unknown[] };
    const forged = (k: unknown[]) =>
      `${Buffer.from(JSON.stringify({ ...decoded, k })).toString('base64url')}.${mac}`;
    const later = new Date(Date.parse(String(decoded.k[0])) + 1_000).toISOString();
    for (const bad of [
      cursor.slice(0, -3),
      payload,
      // Well formed, with the query's own fingerprint, only the start moved: the signature fails.
      forged([later, decoded.k[1]]),
      forged([{ $gt: 0 }, 'x']),
      forged(['not a date', 'x']),
      `${Buffer.from('{"q":"x","k":[1,"a"]}').toString('base64url')}.${mac}`,
      `bm90IGpzb24.${mac}`,
    ]) {
      const res = await harness.get(`/accounts?limit=5&sort=openedAt&cursor=${bad}`);
      expect({ bad, status: res.statusCode }).toEqual({ bad, status: 400 });
    }
    expect((await harness.get(`/accounts?limit=5&sort=-openedAt&cursor=${cursor}`)).statusCode).toBe(400);
    expect(
      (await harness.get(`/accounts?limit=5&sort=openedAt&status=open&cursor=${cursor}`)).statusCode,
    ).toBe(400);
  });

  it('refuses a balance-sorted cursor whose place in the frozen order was moved', async () => {
    const first = (await harness.get('/accounts?limit=5&sort=balance')).json<{ nextCursor: string }>();
    const [payload, mac] = first.nextCursor.split('.') as [string, string];
    const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { s: [string, number] };
    const moved = Buffer.from(JSON.stringify({ ...decoded, s: [decoded.s[0], 0] })).toString('base64url');
    expect((await harness.get(`/accounts?limit=5&sort=balance&cursor=${first.nextCursor}`)).statusCode).toBe(
      200,
    );
    expect((await harness.get(`/accounts?limit=5&sort=balance&cursor=${moved}.${mac}`)).statusCode).toBe(400);
  });
});
