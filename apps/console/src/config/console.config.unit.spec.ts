import { InvalidConfigurationError, validateConsoleConfig } from './console.config.js';

const API_KEYS = '{"operator":["k3"]}';

describe('console configuration', () => {
  it('applies the defaults', () => {
    expect(validateConsoleConfig({ API_KEYS })).toMatchObject({
      port: 3003,
      host: '127.0.0.1',
      eventStoreConnectionString: 'esdb://127.0.0.1:2113?tls=false',
      projectorsUrl: 'http://127.0.0.1:3002',
      maxFeeds: 16,
      logLevel: 'log',
    });
  });

  it('reads every variable, dropping a trailing slash from the projectors URL', () => {
    expect(
      validateConsoleConfig({
        API_KEYS,
        CONSOLE_PORT: '0',
        CONSOLE_HOST: '0.0.0.0',
        EVENTSTORE_CONNECTION_STRING: 'esdb://es:2113?tls=false',
        PROJECTORS_URL: 'http://projectors:3002/',
        CONSOLE_MAX_FEEDS: '2',
        LOG_LEVEL: 'warn',
      }),
    ).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      eventStoreConnectionString: 'esdb://es:2113?tls=false',
      projectorsUrl: 'http://projectors:3002',
      maxFeeds: 2,
      logLevel: 'warn',
    });
  });

  it('lists every problem at once', () => {
    let message = '';
    try {
      validateConsoleConfig({
        API_KEYS,
        CONSOLE_PORT: '70000',
        PROJECTORS_URL: 'projectors:3002',
        CONSOLE_MAX_FEEDS: '0',
      });
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidConfigurationError);
      message = (error as Error).message;
    }
    for (const name of ['CONSOLE_PORT', 'PROJECTORS_URL', 'CONSOLE_MAX_FEEDS'])
      expect(message).toContain(name);
  });

  it('requires API_KEYS', () => {
    expect(() => validateConsoleConfig({})).toThrow(/API_KEYS is required/);
  });
});
