import { hostname } from 'node:os';
import { InvalidConfigurationError, validateProjectorsConfig } from './projectors.config.js';

const API_KEYS = '{"operator":["k3"]}';

describe('projectors configuration', () => {
  it('applies the defaults', () => {
    expect(validateProjectorsConfig({ API_KEYS })).toEqual({
      port: 3002,
      host: '127.0.0.1',
      eventStoreConnectionString: 'esdb://127.0.0.1:2113?tls=false',
      mongoUri: 'mongodb://127.0.0.1:27017',
      mongoDatabase: 'ledger',
      instanceId: `${hostname()}-${process.pid}`,
      batchSize: 500,
      leaseTtlMs: 15_000,
      stallAfterMs: 60_000,
      rebuildGraceMs: 60_000,
      apiKeys: [
        { role: 'operator', name: 'api-key:operator:0', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
      ],
      rateLimits: { client: 20_000, analyst: 20_000, operator: 1_000, unauthenticated: 100 },
      logLevel: 'log',
    });
  });

  it('reads every variable, treating empty ones as unset', () => {
    const settings = validateProjectorsConfig({
      API_KEYS,
      PROJECTORS_PORT: '0',
      PROJECTORS_HOST: '0.0.0.0',
      EVENTSTORE_CONNECTION_STRING: 'esdb://es:2113?tls=false',
      MONGODB_URI: 'mongodb://db:27017/?replicaSet=rs0',
      MONGODB_DATABASE: 'ledger-test',
      PROJECTORS_INSTANCE_ID: 'projectors-a',
      PROJECTORS_BATCH_SIZE: '50',
      PROJECTORS_LEASE_TTL_MS: '3000',
      PROJECTORS_STALL_AFTER_MS: '5000',
      RATE_LIMITS: '{"operator":0}',
      LOG_LEVEL: 'warn',
    });
    expect(settings).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      eventStoreConnectionString: 'esdb://es:2113?tls=false',
      mongoUri: 'mongodb://db:27017/?replicaSet=rs0',
      mongoDatabase: 'ledger-test',
      instanceId: 'projectors-a',
      batchSize: 50,
      leaseTtlMs: 3_000,
      stallAfterMs: 5_000,
      rateLimits: { operator: 0, unauthenticated: 100 },
      logLevel: 'warn',
    });
    expect(validateProjectorsConfig({ API_KEYS, PROJECTORS_PORT: '', MONGODB_DATABASE: '' })).toMatchObject({
      port: 3002,
      mongoDatabase: 'ledger',
    });
  });

  it('lists every problem at once, without repeating keys', () => {
    const attempt = () =>
      validateProjectorsConfig({
        API_KEYS: '{"operator":"secret-key","boss":["x"]}',
        PROJECTORS_PORT: '70000',
        EVENTSTORE_CONNECTION_STRING: 'http://localhost:2113',
        MONGODB_URI: 'localhost:27017',
        MONGODB_DATABASE: 'led.ger',
        PROJECTORS_INSTANCE_ID: 'has spaces',
        PROJECTORS_BATCH_SIZE: '0',
        PROJECTORS_LEASE_TTL_MS: '15s',
        PROJECTORS_STALL_AFTER_MS: '10',
        RATE_LIMITS: '{"operator":-1}',
        LOG_LEVEL: 'loud',
      });
    expect(attempt).toThrow(InvalidConfigurationError);
    const message = (() => {
      try {
        attempt();
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    for (const name of [
      'PROJECTORS_PORT',
      'EVENTSTORE_CONNECTION_STRING',
      'MONGODB_URI',
      'MONGODB_DATABASE',
      'PROJECTORS_INSTANCE_ID',
      'PROJECTORS_BATCH_SIZE',
      'PROJECTORS_LEASE_TTL_MS must be an integer',
      'PROJECTORS_STALL_AFTER_MS',
      'LOG_LEVEL',
      'unknown role "boss"',
      'RATE_LIMITS.operator must be a whole number',
    ]) {
      expect(message).toContain(name);
    }
    expect(message).not.toContain('secret-key');
  });

  it('requires API_KEYS', () => {
    expect(() => validateProjectorsConfig({})).toThrow(/API_KEYS is required/);
  });
});
