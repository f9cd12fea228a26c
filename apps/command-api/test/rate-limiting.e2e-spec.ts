import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiKeyRegistry } from '@ledger/http';
import { CommandApiHarness } from './command-api.harness.js';

const PROBLEM = 'application/problem+json';
// Each test spends its own key's budget, so no test depends on another's traffic.
const CLIENT_KEYS = ['rl-client-a', 'rl-client-b', 'rl-client-c', 'rl-client-d'];
const API_KEYS = JSON.stringify({ client: CLIENT_KEYS, analyst: ['rl-analyst'] });
const RATE_LIMITS = JSON.stringify({ client: 3, analyst: 3, unauthenticated: 2 });

describe('rate limiting', () => {
  let api: CommandApiHarness;
  beforeAll(async () => {
    api = await CommandApiHarness.start({ API_KEYS, RATE_LIMITS });
  });
  afterAll(async () => {
    await api.stop();
  });

  /** A request refused by validation: cheap, and counted like any other. */
  const invalidOpen = (key: string | undefined, remoteAddress = '127.0.0.1', app = api.app) =>
    app.inject({
      method: 'POST',
      url: '/accounts',
      remoteAddress,
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      payload: '{}',
    });

  it('answers a principal’s 4th request within a second with a 429 problem, Retry-After and RateLimit headers', async () => {
    const remaining: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await invalidOpen('rl-client-a');
      expect(response.statusCode).toBe(400);
      expect(response.headers['ratelimit-limit']).toBe('3');
      remaining.push(response.headers['ratelimit-remaining']);
    }
    expect(remaining).toEqual(['2', '1', '0']);

    const refused = await invalidOpen('rl-client-a');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toContain(PROBLEM);
    expect(refused.json()).toEqual({
      type: 'urn:ledger:problem:too-many-requests',
      title: 'Too many requests',
      status: 429,
      detail: 'Too many requests: at most 3 per second for this API key; retry after Retry-After seconds.',
    });
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.headers['ratelimit-limit']).toBe('3');
    expect(refused.headers['ratelimit-remaining']).toBe('0');
    expect(refused.headers['ratelimit-reset']).toBe('1');
    expect(refused.headers['x-correlation-id']).toEqual(expect.any(String));
  });

  it('does not limit another principal by the first one’s traffic', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await invalidOpen('rl-client-b')).statusCode);
    expect(statuses).toEqual([400, 400, 400, 429]);

    const other = await api.app.inject({
      method: 'POST',
      url: '/accounts',
      headers: { 'content-type': 'application/json', authorization: 'Bearer rl-client-c' },
      payload: JSON.stringify({ ownerId: randomUUID(), currency: 'EUR' }),
    });
    expect(other.statusCode).toBe(201);
    expect(other.headers['ratelimit-remaining']).toBe('2');
  });

  it('counts requests without a valid key per address, unknown keys included', async () => {
    const guesses = [];
    for (const key of ['guess-1', 'guess-2', 'guess-3']) guesses.push(await invalidOpen(key, '10.1.0.1'));
    expect(guesses.map((response) => response.statusCode)).toEqual([401, 401, 429]);
    expect(guesses[2].headers['content-type']).toContain(PROBLEM);
    expect(guesses[2].json().detail).toBe(
      'Too many requests: at most 2 per second for this address without a valid API key; retry after Retry-After seconds.',
    );
    expect(guesses[2].headers['retry-after']).toBe('1');

    expect((await invalidOpen(undefined, '10.1.0.2')).statusCode).toBe(401);
    // A valid key from the same address has its own budget.
    expect((await invalidOpen('rl-client-d', '10.1.0.1')).statusCode).toBe(400);
  });

  it('never limits /health, /ready and the docs', async () => {
    for (const url of ['/health', '/ready', '/docs', '/docs-json', '/docs/swagger-ui.css']) {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const response = await api.app.inject({ url, remoteAddress: '10.2.0.1' });
        expect(response.headers['ratelimit-limit']).toBeUndefined();
        statuses.push(response.statusCode);
      }
      expect(statuses).toEqual([200, 200, 200, 200]);
    }
  });

  it('checks each request’s key once, for the limiter and the guard together', async () => {
    const authenticate = jest.spyOn(ApiKeyRegistry.prototype, 'authenticate');
    try {
      const response = await api.app.inject({
        method: 'POST',
        url: '/accounts',
        headers: { 'content-type': 'application/json', authorization: 'Bearer rl-analyst' },
        payload: '{}',
      });
      expect(response.statusCode).toBe(403);
      expect(authenticate).toHaveBeenCalledTimes(1);
    } finally {
      authenticate.mockRestore();
    }
  });

  describe('with a limit of 0', () => {
    let unlimited: NestFastifyApplication;
    beforeAll(async () => {
      unlimited = await api.startCopy({ API_KEYS, RATE_LIMITS: '{"client":0}' });
    });
    afterAll(async () => {
      await unlimited.close();
    });

    it('does not limit that role at all', async () => {
      for (let i = 0; i < 10; i++) {
        const response = await invalidOpen('rl-client-a', '127.0.0.1', unlimited);
        expect(response.statusCode).toBe(400);
        expect(response.headers['ratelimit-limit']).toBeUndefined();
      }
    });
  });
});
