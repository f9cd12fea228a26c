import { randomUUID } from 'node:crypto';
import { eventually, LogLines } from '@ledger/testing';
import { CLIENT_KEY, CommandApiHarness } from './command-api.harness.js';

describe('logs', () => {
  let api: CommandApiHarness;
  const logs = new LogLines();
  beforeAll(async () => {
    api = await CommandApiHarness.start({ LOG_LEVEL: 'log' }, { logDestination: logs.destination });
  });
  afterAll(async () => {
    await api.stop();
  });

  /** Request lines are written once the answer is sent: polled with a deadline. */
  const requestLines = (correlationId: unknown) =>
    eventually(
      () => {
        const lines = logs.where('correlationId', correlationId).filter((line) => line.msg === 'request');
        return lines.length > 0 ? lines : undefined;
      },
      `the request line of ${String(correlationId)}`,
    );

  it('writes one JSON line per request: method, route, status, duration, correlation id, principal', async () => {
    const correlationId = `log-${randomUUID()}`;
    const response = await api.post(
      '/accounts',
      { ownerId: randomUUID(), currency: 'EUR' },
      { 'x-correlation-id': correlationId },
    );
    expect(response.statusCode).toBe(201);
    expect(await requestLines(correlationId)).toEqual([
      expect.objectContaining({
        level: 'info',
        time: expect.any(String),
        service: 'command-api',
        method: 'POST',
        route: '/accounts',
        status: 201,
        durationMs: expect.any(Number),
        principal: 'api-key:client:0',
        traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
      }),
    ]);
  });

  it('logs the generated correlation id it answered with when the caller sent none', async () => {
    const answered = (await api.post('/accounts', { ownerId: randomUUID(), currency: 'EUR' })).headers[
      'x-correlation-id'
    ];
    expect(await requestLines(answered)).toHaveLength(1);
  });

  it('never writes an API key, valid or not, to the logs', async () => {
    const wrongKey = `wrong-key-${randomUUID()}`;
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    await api.post('/accounts', { ownerId: randomUUID(), currency: 'EUR' }, { 'x-correlation-id': ids[0] });
    await api.post(
      '/accounts',
      { ownerId: 'x' },
      { authorization: `Bearer ${wrongKey}`, 'x-correlation-id': ids[1] },
    );
    await api.post(
      '/accounts',
      { ownerId: 'x' },
      { authorization: `Basic ${wrongKey}`, 'x-correlation-id': ids[2] },
    );
    const statuses = [];
    for (const id of ids) statuses.push((await requestLines(id))[0].status);
    expect(statuses).toEqual([201, 401, 401]);
    const text = JSON.stringify(logs.all());
    expect(text).not.toContain(CLIENT_KEY);
    expect(text).not.toContain(wrongKey);
  });

  it('writes nothing below LOG_LEVEL', async () => {
    const quiet = new LogLines();
    const app = await api.startCopy({ LOG_LEVEL: 'warn' }, { logDestination: quiet.destination });
    const correlationId = randomUUID();
    const response = await api.post(
      '/accounts',
      { ownerId: randomUUID(), currency: 'EUR' },
      { 'x-correlation-id': correlationId },
      app,
    );
    expect(response.statusCode).toBe(201);
    await app.close();
    expect(quiet.where('correlationId', correlationId)).toEqual([]);
  });
});
