import { randomUUID } from 'node:crypto';
import { accountStreamName } from '@ledger/domain';
import { CLIENT_KEY, CommandApiHarness } from './command-api.harness.js';

const PROBLEM = 'application/problem+json';

describe('request bodies', () => {
  let api: CommandApiHarness;
  let accountId: string;
  beforeAll(async () => {
    api = await CommandApiHarness.start();
    accountId = await api.openAccount();
  });
  afterAll(async () => {
    await api.stop();
  });

  /** A raw JSON text, so that keys such as __proto__ reach the server as written. */
  const postRaw = (url: string, payload: string) =>
    api.app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json' },
      payload,
    });

  /** A deposit whose reference is an array nested so that the whole body has `depth` levels. */
  const depositNested = (depth: number) =>
    `{"amount":1,"reference":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;

  it('answers 415 for a form body: JSON is the only body the API reads', async () => {
    const response = await api.app.inject({
      method: 'POST',
      url: '/accounts',
      headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `ownerId=${randomUUID()}&currency=EUR`,
    });
    expect(response.statusCode).toBe(415);
    expect(response.headers['content-type']).toContain(PROBLEM);
    expect(response.json()).toMatchObject({ type: 'urn:ledger:problem:unsupported-media-type', status: 415 });
  });

  describe('nesting depth', () => {
    it.each([33, 5_000])('answers 400 for a body nested %i levels deep, naming the limit', async (depth) => {
      const response = await postRaw(`/accounts/${accountId}/deposits`, depositNested(depth));
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain(PROBLEM);
      expect(response.json()).toEqual({
        type: 'urn:ledger:problem:nesting-too-deep',
        title: 'Body nested too deeply',
        status: 400,
        detail: 'The request body is nested deeper than 32 levels.',
      });
    });

    it('counts objects as levels too', async () => {
      const payload = `${'{"a":'.repeat(40)}1${'}'.repeat(40)}`;
      const response = await postRaw('/accounts', payload);
      expect(response.statusCode).toBe(400);
      expect(response.json().type).toBe('urn:ledger:problem:nesting-too-deep');
    });

    it('still answers an empty JSON body as malformed', async () => {
      const response = await postRaw('/accounts', '');
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain(PROBLEM);
      expect(response.json().type).toBe('urn:ledger:problem:malformed-json');
    });

    it('lets 32 levels through to validation', async () => {
      const response = await postRaw(`/accounts/${accountId}/deposits`, depositNested(32));
      expect(response.statusCode).toBe(400);
      expect(response.json().type).toBe('urn:ledger:problem:validation');
      expect(response.json().errors).toEqual([{ field: 'reference', message: expect.any(String) }]);
    });
  });

  describe('unknown fields', () => {
    it.each([
      'extra',
      'prototype',
      'constructor',
      'toString',
      'hasOwnProperty',
      'valueOf',
      'isPrototypeOf',
      '__defineGetter__',
      '__lookupSetter__',
    ])('answers 400 naming "%s" and opens no account', async (field) => {
      const opened = randomUUID();
      const body = { accountId: opened, ownerId: randomUUID(), currency: 'EUR', [field]: { x: 1 } };
      const response = await api.post('/accounts', body);
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain(PROBLEM);
      expect(response.json()).toMatchObject({
        type: 'urn:ledger:problem:validation',
        status: 400,
        detail: `Invalid field: ${field}.`,
        errors: [{ field, message: `property ${field} should not exist` }],
      });
      expect(await api.readStream(accountStreamName(opened))).toEqual([]);
    });

    it('answers 400 naming __proto__, at the top or nested', async () => {
      const top = await postRaw('/accounts', `{"ownerId":"${randomUUID()}","currency":"EUR","__proto__":{}}`);
      expect(top.statusCode).toBe(400);
      expect(top.headers['content-type']).toContain(PROBLEM);
      expect(top.json()).toMatchObject({
        type: 'urn:ledger:problem:validation',
        errors: [{ field: '__proto__', message: 'property __proto__ should not exist' }],
      });
      const nested = await postRaw(
        `/accounts/${accountId}/deposits`,
        '{"amount":1,"reference":[{"__proto__":1}]}',
      );
      expect(nested.statusCode).toBe(400);
      expect(nested.json().errors).toEqual([
        { field: 'reference.0.__proto__', message: 'property __proto__ should not exist' },
      ]);
    });

    it('lists an unknown field beside the other invalid fields, one entry each', async () => {
      const response = await api.post(`/accounts/${accountId}/deposits`, { amount: -1, toString: 'x' });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([
        { field: 'toString', message: 'property toString should not exist' },
        { field: 'amount', message: 'amount must be positive' },
      ]);
    });
  });

  describe('free text', () => {
    it.each([
      ['a line feed', 'line\nbreak', 'U+000A'],
      ['a NUL', 'nul\u0000', 'U+0000'],
      ['DEL', 'del\u007f', 'U+007F'],
      ['a C1 control', 'next\u0085line', 'U+0085'],
      ['a tab', 'a\tb', 'U+0009'],
      ['a line separator', 'a\u2028b', 'U+2028'],
      ['a paragraph separator', 'a\u2029b', 'U+2029'],
      ['a right-to-left override', 'invoice\u202Egpj.exe', 'U+202E'],
      ['a left-to-right embedding', '\u202Aabc', 'U+202A'],
      ['a first-strong isolate', 'x\u2068y', 'U+2068'],
      ['a pop directional isolate', 'x\u2069', 'U+2069'],
    ])('refuses a reference with %s, saying what is refused', async (_, reference, codePoint) => {
      const response = await api.post(`/accounts/${accountId}/deposits`, { amount: 1, reference });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain(PROBLEM);
      const { errors } = response.json();
      expect(errors).toHaveLength(1);
      expect(errors[0].field).toBe('reference');
      expect(errors[0].message).toContain(codePoint);
      expect(errors[0].message).toMatch(/control characters/);
    });

    it.each(['freeze', 'unfreeze', 'close'])(
      'refuses control characters in the reason of %s',
      async (action) => {
        const response = await api.post(`/accounts/${accountId}/${action}`, {
          reason: 'audit\r\nInjected: yes',
        });
        expect(response.statusCode).toBe(400);
        expect(response.json().errors).toEqual([
          { field: 'reason', message: expect.stringContaining('U+000D') },
        ]);
      },
    );

    it('gives one entry for a field that is too long and holds a control character', async () => {
      const reference = `${'x'.repeat(200)}\n`;
      const response = await api.post(`/accounts/${accountId}/withdrawals`, { amount: 1, reference });
      expect(response.statusCode).toBe(400);
      const { errors } = response.json();
      expect(errors).toHaveLength(1);
      expect(errors[0].message).toMatch(/200 characters/);
      expect(errors[0].message).toContain('U+000A');
    });

    it('accepts letters, punctuation and symbols of any script', async () => {
      const response = await api.post(`/accounts/${accountId}/deposits`, {
        amount: 1,
        reference: 'Café « déjà » – 日本 ☕ 👍🏽 "quoted", semi;colon',
      });
      expect(response.statusCode).toBe(200);
    });
  });
});
