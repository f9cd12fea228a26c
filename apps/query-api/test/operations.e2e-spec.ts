import { InvalidConfigurationError, validateQueryApiConfig } from '../src/config/query-api.config.js';
import { QueryApiHarness } from './query-api.harness.js';

describe('operations: health, readiness, metrics, docs, configuration', () => {
  let harness: QueryApiHarness;

  beforeAll(async () => {
    harness = await QueryApiHarness.start({ MIN_POSITION_WAIT_MS: '100' });
  });
  afterAll(() => harness.stop());

  it('answers /health and /ready (MongoDB reachable) without a key', async () => {
    expect((await harness.get('/health', {}, null)).json()).toEqual({ status: 'ok' });
    const ready = await harness.get('/ready', {}, null);
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: { mongodb: 'up' } });
  });

  it('serves Prometheus metrics: answers by route and status, read-your-writes timeouts', async () => {
    await harness.get('/accounts/00000000-0000-4000-8000-000000000000', { 'x-min-position': '5' });
    const res = await harness.get('/metrics', {}, null);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toContain('ledger_query_min_position_timeouts_total 1');
    expect(res.body).toContain('ledger_process_cpu_user_seconds_total');
    expect(res.body).toMatch(
      /ledger_http_request_duration_seconds_count\{method="GET",route="\/accounts\/:id",status="503"\} 1\n/,
    );
  });

  it('documents every endpoint in OpenAPI at /docs', async () => {
    expect((await harness.get('/docs', {}, null)).statusCode).toBe(200);
    type Operation = { parameters: { name: string; in: string }[] };
    const document = (await harness.get('/docs-json', {}, null)).json<{
      paths: Record<string, { get: Operation }>;
    }>();
    const paths = Object.keys(document.paths);
    expect(document.paths['/accounts']!.get.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'X-Min-Position', in: 'header' }),
        expect.objectContaining({ name: 'sort', in: 'query' }),
      ]),
    );
    expect(paths).toEqual(
      expect.arrayContaining([
        '/accounts',
        '/accounts/{id}',
        '/accounts/{id}/ledger',
        '/transfers',
        '/transfers/{id}',
        '/analytics/daily-totals',
        '/analytics/summary',
      ]),
    );
  });

  it('reads its configuration from one validated schema, listing every problem', () => {
    expect(validateQueryApiConfig({ API_KEYS: '{"analyst":["k"]}' })).toMatchObject({
      port: 3001,
      host: '127.0.0.1',
      mongoUri: 'mongodb://127.0.0.1:27017',
      mongoDatabase: 'ledger',
      minPositionWaitMs: 5_000,
    });
    const attempt = () =>
      validateQueryApiConfig({
        API_KEYS: '{"boss":["k"]}',
        QUERY_API_PORT: 'x',
        MIN_POSITION_WAIT_MS: '-1',
        QUERY_API_CURSOR_SECRET: 'short',
      });
    expect(attempt).toThrow(InvalidConfigurationError);
    expect(attempt).toThrow(
      /QUERY_API_PORT[\s\S]*MIN_POSITION_WAIT_MS[\s\S]*CURSOR_SECRET[\s\S]*unknown role "boss"/,
    );
  });

  it('signs cursors with one secret across copies sharing API_KEYS, unless one is given', () => {
    const secret = (env: Record<string, string>) =>
      validateQueryApiConfig({ API_KEYS: '{"analyst":["k"]}', ...env }).cursorSecret;
    expect(secret({})).toBe(secret({}));
    expect(secret({})).not.toBe(validateQueryApiConfig({ API_KEYS: '{"analyst":["k2"]}' }).cursorSecret);
    expect(secret({ QUERY_API_CURSOR_SECRET: 'a-secret-of-16-chars' })).toBe('a-secret-of-16-chars');
  });
});
