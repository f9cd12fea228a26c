import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { CLIENT_KEY, CommandApiHarness } from './command-api.harness.js';

/**
 * Every line the app wrote to stdout while `run` ran and until `seen` holds of them (polled with a
 * deadline: request lines are written after the response), parsed as JSON (a non-JSON line fails).
 */
async function logsOf(
  run: () => Promise<void>,
  seen: (lines: Array<Record<string, unknown>>) => boolean = () => true,
): Promise<Array<Record<string, unknown>>> {
  let written = '';
  const parsed = () =>
    written
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  });
  try {
    await run();
    const deadline = Date.now() + 5_000;
    while (!seen(parsed()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  } finally {
    spy.mockRestore();
  }
  return parsed();
}

describe('logs', () => {
  let api: CommandApiHarness;
  beforeAll(async () => {
    api = await CommandApiHarness.start({ LOG_LEVEL: 'log' });
  });
  afterAll(async () => {
    await logsOf(() => api.stop());
  });

  it('writes one JSON line per request, with its correlation id, route and status', async () => {
    const correlationId = `log-${randomUUID()}`;
    const lines = await logsOf(
      async () => {
        const response = await api.post(
          '/accounts',
          { ownerId: randomUUID(), currency: 'EUR' },
          { 'x-correlation-id': correlationId },
        );
        expect(response.statusCode).toBe(201);
      },
      (written) => written.some((line) => line.correlationId === correlationId),
    );
    const requests = lines.filter((line) => line.correlationId === correlationId);
    expect(requests).toEqual([
      expect.objectContaining({
        level: 'log',
        time: expect.any(String),
        msg: 'request',
        method: 'POST',
        route: '/accounts',
        status: 201,
      }),
    ]);
  });

  it('logs the generated correlation id it answered with when the caller sent none', async () => {
    let answered: unknown;
    const lines = await logsOf(
      async () => {
        answered = (await api.post('/accounts', { ownerId: randomUUID(), currency: 'EUR' })).headers[
          'x-correlation-id'
        ];
      },
      (written) => written.some((line) => line.correlationId === answered),
    );
    expect(lines.some((line) => line.msg === 'request' && line.correlationId === answered)).toBe(true);
  });

  it('never writes an API key, valid or not, to the logs', async () => {
    const wrongKey = `wrong-key-${randomUUID()}`;
    const lines = await logsOf(
      async () => {
        await api.post('/accounts', { ownerId: randomUUID(), currency: 'EUR' });
        await api.post('/accounts', { ownerId: 'x' }, { authorization: `Bearer ${wrongKey}` });
        await api.post('/accounts', { ownerId: 'x' }, { authorization: `Basic ${wrongKey}` });
      },
      (written) => written.filter((line) => line.msg === 'request').length === 3,
    );
    expect(lines.map((line) => line.status)).toEqual(expect.arrayContaining([201, 401]));
    const text = JSON.stringify(lines);
    expect(text).not.toContain(CLIENT_KEY);
    expect(text).not.toContain(wrongKey);
  });
});
