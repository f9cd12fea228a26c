import { InvalidConfigurationError, validateCommandApiConfig } from './command-api.config.js';

const API_KEYS = '{"client":["k1"]}';

describe('command-api configuration', () => {
  it('applies the defaults', () => {
    expect(validateCommandApiConfig({ API_KEYS })).toEqual({
      port: 3000,
      host: '127.0.0.1',
      eventStoreConnectionString: 'esdb://127.0.0.1:2113?tls=false',
      apiKeys: [
        { role: 'client', name: 'api-key:client:0', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
      ],
      bodyLimit: 65536,
      maxAmount: 1_000_000_000_000,
      aggregateCacheBytes: 64 * 1024 * 1024,
      snapshotThreshold: 500,
      idempotencyWindowMs: 86_400_000,
      maxKeysPerStream: 5_000,
      maxQueuedPerStream: 256,
      logLevel: 'log',
      rateLimits: { client: 20_000, analyst: 20_000, operator: 1_000, unauthenticated: 100 },
    });
  });

  it('reads every variable, treating empty ones as unset', () => {
    const settings = validateCommandApiConfig({
      API_KEYS,
      COMMAND_API_PORT: '0',
      COMMAND_API_HOST: '0.0.0.0',
      EVENTSTORE_CONNECTION_STRING: 'esdb://es:2113?tls=false',
      BODY_LIMIT: '4096',
      MAX_AMOUNT: '500',
      AGGREGATE_CACHE_BYTES: '0',
      SNAPSHOT_THRESHOLD: '0',
      IDEMPOTENCY_WINDOW_SECONDS: '60',
      LOG_LEVEL: 'warn',
      RATE_LIMITS: '{"client":50,"operator":0}',
      MAX_AMOUNT_UNRELATED: 'x',
    });
    expect(settings).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      bodyLimit: 4096,
      maxAmount: 500,
      aggregateCacheBytes: 0,
      snapshotThreshold: 0,
      idempotencyWindowMs: 60_000,
      logLevel: 'warn',
      rateLimits: { client: 50, analyst: 20_000, operator: 0, unauthenticated: 100 },
    });
    expect(validateCommandApiConfig({ API_KEYS, COMMAND_API_PORT: '' }).port).toBe(3000);
  });

  it('lists every problem at once, without repeating keys', () => {
    const attempt = () =>
      validateCommandApiConfig({
        API_KEYS: '{"client":"secret-key","boss":["x"]}',
        COMMAND_API_PORT: '70000',
        BODY_LIMIT: '64k',
        MAX_AMOUNT: '1.5',
        EVENTSTORE_CONNECTION_STRING: 'http://localhost:2113',
        LOG_LEVEL: 'loud',
        RATE_LIMITS: '{"client":-1}',
      });
    expect(attempt).toThrow(InvalidConfigurationError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      for (const name of [
        'COMMAND_API_PORT',
        'BODY_LIMIT',
        'MAX_AMOUNT',
        'EVENTSTORE_CONNECTION_STRING',
        'LOG_LEVEL',
        'unknown role "boss"',
        'RATE_LIMITS.client must be a whole number',
      ]) {
        expect(message).toContain(name);
      }
      expect(message).not.toContain('secret-key');
    }
  });

  it('requires API_KEYS', () => {
    expect(() => validateCommandApiConfig({})).toThrow(/API_KEYS is required/);
  });
});
