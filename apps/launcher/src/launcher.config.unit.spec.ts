import { LauncherUsageError, readLauncherConfig } from './launcher.config.js';

describe('the launcher’s configuration', () => {
  it('defaults to the ports and data folder of ARCHITECTURE.md, one process each, embedded servers', () => {
    expect(readLauncherConfig({}, [], '/repo')).toEqual({
      host: '127.0.0.1',
      dataDir: '/repo/data',
      replicas: 1,
      ports: {
        eventstore: 2113,
        mongodb: 27017,
        commandApi: 3000,
        queryApi: 3001,
        projectors: 3002,
        console: 3003,
      },
      externalEventStore: undefined,
      externalMongo: undefined,
      apiKeys: undefined,
    });
  });

  it('takes ports, the data folder, real servers, keys and --replicas', () => {
    const config = readLauncherConfig(
      {
        COMMAND_API_PORT: '4000',
        QUERY_API_PORT: '4001',
        PROJECTORS_PORT: '4002',
        EVENTSTORE_PORT: '5113',
        MONGODB_PORT: '5017',
        DATA_DIR: 'elsewhere',
        EVENTSTORE_CONNECTION_STRING: 'esdb://db:2113?tls=false',
        MONGODB_URI: 'mongodb://mongo:27017',
        API_KEYS: '{"client":["k"]}',
      },
      ['--replicas', '3'],
      '/repo',
    );
    expect(config).toMatchObject({
      dataDir: '/repo/elsewhere',
      replicas: 3,
      ports: { eventstore: 5113, mongodb: 5017, commandApi: 4000, queryApi: 4001, projectors: 4002 },
      externalEventStore: 'esdb://db:2113?tls=false',
      externalMongo: 'mongodb://mongo:27017',
      apiKeys: '{"client":["k"]}',
    });
  });

  it('treats empty variables as unset', () => {
    expect(readLauncherConfig({ COMMAND_API_PORT: '', MONGODB_URI: '' }, [], '/r')).toMatchObject({
      ports: { commandApi: 3000 },
      externalMongo: undefined,
    });
  });

  it('lists every bad value at once and says how to call it', () => {
    const read = () =>
      readLauncherConfig(
        { COMMAND_API_PORT: 'abc', MONGODB_PORT: '70000' },
        ['--replicas', '0', '--nope'],
        '/r',
      );
    expect(read).toThrow(LauncherUsageError);
    expect(read).toThrow(/--nope/);
    expect(read).toThrow(/COMMAND_API_PORT must be a whole number from 1 to 65535, not 'abc'/);
    expect(read).toThrow(/MONGODB_PORT .* not '70000'/);
    expect(read).toThrow(/usage: npm start/);
  });

  it('refuses a replica count past the bound', () => {
    expect(() => readLauncherConfig({}, ['--replicas', '17'], '/r')).toThrow(
      /--replicas must be a whole number from 1 to 16, not '17'/,
    );
    expect(() => readLauncherConfig({}, ['--replicas=2.5'], '/r')).toThrow(/not '2.5'/);
  });
});
