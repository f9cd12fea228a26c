import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { accountStreamName } from '@ledger/domain';
import { createCommandApi } from '../src/create-command-api.js';
import { ANALYST_KEY, API_KEYS, CommandApiHarness } from './command-api.harness.js';

const PROBLEM = 'application/problem+json';

describe('the HTTP surface', () => {
  let api: CommandApiHarness;
  beforeAll(async () => {
    api = await CommandApiHarness.start({ BODY_LIMIT: '2048' });
  });
  afterAll(async () => {
    await api.stop();
  });

  describe('auth', () => {
    it('answers 401 with WWW-Authenticate without a key', async () => {
      const response = await api.post(
        '/accounts',
        { ownerId: randomUUID(), currency: 'EUR' },
        { authorization: '' },
      );
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(response.headers['content-type']).toContain(PROBLEM);
    });

    it('answers 401 for an unknown key and never echoes it', async () => {
      const response = await api.post(
        '/accounts',
        { ownerId: randomUUID(), currency: 'EUR' },
        { authorization: 'Bearer nope-secret' },
      );
      expect(response.statusCode).toBe(401);
      expect(response.body).not.toContain('nope-secret');
    });

    it('answers 403 for a key without the client role', async () => {
      const response = await api.post(
        '/accounts',
        { ownerId: randomUUID(), currency: 'EUR' },
        { authorization: `Bearer ${ANALYST_KEY}` },
      );
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ status: 403, title: 'Forbidden' });
    });

    it('checks the key before the body', async () => {
      const response = await api.post('/accounts/x/deposits', { amount: -1 }, { authorization: '' });
      expect(response.statusCode).toBe(401);
    });
  });

  describe('bodies', () => {
    it('answers 413 for a body over BODY_LIMIT', async () => {
      const response = await api.post(`/accounts/${randomUUID()}/deposits`, {
        amount: 1,
        reference: 'x'.repeat(3000),
      });
      expect(response.statusCode).toBe(413);
      expect(response.headers['content-type']).toContain(PROBLEM);
      expect(response.json()).toMatchObject({ status: 413 });
    });

    it('answers 400 for malformed JSON', async () => {
      const response = await api.app.inject({
        method: 'POST',
        url: `/accounts/${randomUUID()}/deposits`,
        headers: { authorization: 'Bearer client-key-for-tests', 'content-type': 'application/json' },
        payload: '{"amount": 1',
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ status: 400, type: expect.stringContaining('malformed-json') });
    });

    it('answers 415 for a body that is not JSON', async () => {
      const response = await api.app.inject({
        method: 'POST',
        url: `/accounts/${randomUUID()}/deposits`,
        headers: { authorization: 'Bearer client-key-for-tests', 'content-type': 'text/plain' },
        payload: 'amount=1',
      });
      expect(response.statusCode).toBe(415);
      expect(response.headers['content-type']).toContain(PROBLEM);
    });

    it('answers 404 problem for an unknown route', async () => {
      const response = await api.post('/nowhere', {});
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toContain(PROBLEM);
    });
  });

  describe('correlation id', () => {
    it('generates one when absent, echoes it and stores it in the metadata', async () => {
      const response = await api.post('/accounts', { ownerId: randomUUID(), currency: 'EUR' });
      const correlationId = response.headers['x-correlation-id'];
      expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
      const [event] = await api.readStream(accountStreamName(response.json().accountId));
      expect(event.metadata).toMatchObject({ correlationId });
    });

    it('replaces a correlation id that is not a sane token', async () => {
      const response = await api.post(
        '/accounts',
        { ownerId: randomUUID(), currency: 'EUR' },
        { 'x-correlation-id': 'bad id\twith spaces' },
      );
      expect(response.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('operations, without a key', () => {
    it('answers /health and /ready', async () => {
      expect((await api.app.inject({ url: '/health' })).json()).toEqual({ status: 'ok' });
      const ready = await api.app.inject({ url: '/ready' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({ status: 'ready', checks: { eventstore: 'up' } });
    });

    it('serves the OpenAPI document and its UI', async () => {
      const document = (await api.app.inject({ url: '/docs-json' })).json();
      expect(Object.keys(document.paths).sort()).toEqual(
        expect.arrayContaining([
          '/accounts',
          '/accounts/{id}/deposits',
          '/accounts/{id}/close',
          '/transfers',
        ]),
      );
      expect(document.components.schemas.OpenAccountDto.required).toEqual(
        expect.arrayContaining(['ownerId', 'currency']),
      );
      const page = await api.app.inject({ url: '/docs' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('swagger-ui-bundle.js');
      expect((await api.app.inject({ url: '/docs/swagger-ui-bundle.js' })).statusCode).toBe(200);
      expect((await api.app.inject({ url: '/docs/..%2Fpackage.json' })).statusCode).toBe(404);
    });

    it('serves the event catalogue, the committed contracts/asyncapi.json, to any caller', async () => {
      const committed = JSON.parse(
        readFileSync(new URL('../../../contracts/asyncapi.json', import.meta.url), 'utf8'),
      );
      const anonymous = await api.app.inject({ url: '/asyncapi.json' });
      expect(anonymous.statusCode).toBe(200);
      expect(anonymous.headers['content-type']).toMatch(/^application\/json/);
      expect(anonymous.json()).toEqual(committed);
      const withKey = await api.app.inject({
        url: '/asyncapi.json',
        headers: { authorization: `Bearer ${ANALYST_KEY}` },
      });
      expect(withKey.statusCode).toBe(200);
    });

    it('answers over real HTTP on a free port', async () => {
      const copy = await api.startCopy();
      try {
        await copy.listen(0, '127.0.0.1');
        const response = await fetch(`${await copy.getUrl()}/accounts`, {
          method: 'POST',
          headers: { authorization: 'Bearer client-key-for-tests', 'content-type': 'application/json' },
          body: JSON.stringify({ ownerId: randomUUID(), currency: 'JPY' }),
        });
        expect(response.status).toBe(201);
        expect(response.headers.get('etag')).toBe('"0"');
        expect(response.headers.get('x-commit-position')).toBe(
          ((await response.json()) as { position: string }).position,
        );
      } finally {
        await copy.close();
      }
    });
  });
});

describe('when the event store is unreachable', () => {
  it('answers /ready and commands with 503 problems', async () => {
    const port = await closedPort();
    const app = await createCommandApi({
      API_KEYS,
      EVENTSTORE_CONNECTION_STRING: `esdb://127.0.0.1:${port}?tls=false`,
      LOG_LEVEL: 'silent',
    });
    try {
      const ready = await app.inject({ url: '/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.headers['content-type']).toContain(PROBLEM);
      expect(ready.headers['retry-after']).toBe('1');
      const command = await app.inject({
        method: 'POST',
        url: `/accounts/${randomUUID()}/deposits`,
        headers: { authorization: 'Bearer client-key-for-tests', 'content-type': 'application/json' },
        payload: JSON.stringify({ amount: 1 }),
      });
      expect(command.statusCode).toBe(503);
    } finally {
      await app.close();
    }
  });

  it('refuses to start with invalid API_KEYS, saying why', async () => {
    await expect(createCommandApi({ API_KEYS: '{"client": 5}' })).rejects.toThrow(/API_KEYS\.client must be/);
  });
});

/** A port nothing listens on: bound then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
