import { hostname } from 'node:os';
import { readLauncherConfig } from './launcher.config.js';
import { PortClashError, planSystem } from './system-plan.js';

const KEYS = '{"client":["c"]}';

describe('the system the launcher runs', () => {
  it('is two embedded servers under the data folder, then one process of each app on its port', () => {
    const { servers, apps } = planSystem(readLauncherConfig({}, [], '/repo'), KEYS);
    expect(servers.map((s) => [s.name, s.args.join(' ')])).toEqual([
      ['eventstore', '--host 127.0.0.1 --port 2113 --data-dir /repo/data/eventstore'],
      ['mongodb', '--host 127.0.0.1 --port 27017 --data-dir /repo/data/mongodb'],
    ]);
    expect(apps.map((a) => [a.name, a.readyUrl])).toEqual([
      ['command-api-1', 'http://127.0.0.1:3000/ready'],
      ['query-api-1', 'http://127.0.0.1:3001/ready'],
      ['projectors-1', 'http://127.0.0.1:3002/ready'],
      ['console-1', 'http://127.0.0.1:3003/ready'],
    ]);
    expect(apps.at(-1)!.env).toEqual({
      EVENTSTORE_CONNECTION_STRING: 'esdb://127.0.0.1:2113?tls=false',
      API_KEYS: KEYS,
      CONSOLE_PORT: '3003',
      PROJECTORS_URL: 'http://127.0.0.1:3002',
    });
    expect(apps[0]!.env).toEqual({
      EVENTSTORE_CONNECTION_STRING: 'esdb://127.0.0.1:2113?tls=false',
      MONGODB_URI: 'mongodb://127.0.0.1:27017',
      API_KEYS: KEYS,
      COMMAND_API_PORT: '3000',
    });
  });

  it('starts no embedded server where a real one is named, and points every app at it', () => {
    const config = readLauncherConfig(
      {
        EVENTSTORE_CONNECTION_STRING: 'esdb://db:2113?tls=false',
        MONGODB_URI: 'mongodb://m:27017/?replicaSet=rs0',
      },
      [],
      '/r',
    );
    const { servers, apps } = planSystem(config, KEYS);
    expect(servers).toEqual([]);
    for (const app of apps.filter((a) => a.kind !== 'console'))
      expect(app.env).toMatchObject({
        EVENTSTORE_CONNECTION_STRING: 'esdb://db:2113?tls=false',
        MONGODB_URI: 'mongodb://m:27017/?replicaSet=rs0',
      });
    // The console reads the event store only.
    expect(apps.find((a) => a.kind === 'console')!.env).toMatchObject({
      EVENTSTORE_CONNECTION_STRING: 'esdb://db:2113?tls=false',
    });
  });

  it('puts the extra processes of --replicas ten ports apart, each projector with its own lease owner', () => {
    const { apps } = planSystem(readLauncherConfig({}, ['--replicas', '2'], '/r'), KEYS);
    expect(apps.map((a) => `${a.name}:${a.port}`)).toEqual([
      'command-api-1:3000',
      'command-api-2:3010',
      'query-api-1:3001',
      'query-api-2:3011',
      'projectors-1:3002',
      'projectors-2:3012',
      'console-1:3003',
    ]);
    expect(apps.filter((a) => a.kind === 'projectors').map((a) => a.env.PROJECTORS_INSTANCE_ID)).toEqual([
      `${hostname()}-projectors-1`,
      `${hostname()}-projectors-2`,
    ]);
  });

  it('refuses ports that clash, naming both processes', () => {
    const config = readLauncherConfig({ QUERY_API_PORT: '3010' }, ['--replicas', '2'], '/r');
    expect(() => planSystem(config, KEYS)).toThrow(PortClashError);
    expect(() => planSystem(config, KEYS)).toThrow(
      'query-api-1 and command-api-2 would both listen on port 3010',
    );
  });
});
