import { readFileSync } from 'node:fs';
import { getMetadataStorage } from 'class-validator';
import { parse } from 'yaml';
import { CommandApiEnvironment } from '../apps/command-api/src/config/command-api.environment.js';
import { validateCommandApiConfig } from '../apps/command-api/src/config/command-api.config.js';
import { validateConsoleConfig } from '../apps/console/src/config/console.config.js';
import { ConsoleEnvironment } from '../apps/console/src/config/console.environment.js';
import { validateProjectorsConfig } from '../apps/projectors/src/config/projectors.config.js';
import { ProjectorsEnvironment } from '../apps/projectors/src/config/projectors.environment.js';
import { validateQueryApiConfig } from '../apps/query-api/src/config/query-api.config.js';
import { QueryApiEnvironment } from '../apps/query-api/src/config/query-api.environment.js';
import { interpolate } from './compose-interpolation.js';
import { LEDGER_APPS, type LedgerAppName } from './ledger-apps.mjs';

// Compose cannot run here: these checks keep both files in step with the apps' settings schemas.
type Service = {
  image?: string;
  build?: { context: string; args: { APP: string } };
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[]; disable?: boolean };
  command?: string[];
  volumes?: string[];
};
type ComposeFile = { services: Record<string, Service>; volumes?: Record<string, unknown> };

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');
const load = (file: string) => parse(read(file), { merge: true }) as ComposeFile;

/** What each app reads: its schema's variables, and the two JSON ones every HTTP app parses. */
const schemaOf = (schema: new () => object) => [
  ...new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(schema, '', true, false)
      .map((m) => m.propertyName),
  ),
  'API_KEYS',
  'RATE_LIMITS',
];
const APPS: Record<
  LedgerAppName,
  { variables: string[]; validate: (env: Record<string, string>) => object }
> = {
  'command-api': { variables: schemaOf(CommandApiEnvironment), validate: validateCommandApiConfig },
  'query-api': { variables: schemaOf(QueryApiEnvironment), validate: validateQueryApiConfig },
  projectors: { variables: schemaOf(ProjectorsEnvironment), validate: validateProjectorsConfig },
  console: { variables: schemaOf(ConsoleEnvironment), validate: validateConsoleConfig },
};
/** What a user exports before `docker compose up`, as the README says. */
const USER_VARS = {
  API_KEYS: JSON.stringify({ client: ['c'], analyst: ['a'], operator: ['o'] }),
  QUERY_API_CURSOR_SECRET: 'a-secret-of-sixteen-or-more',
};

const environmentOf = (service: Service, vars: Record<string, string> = USER_VARS) =>
  Object.fromEntries(
    Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), vars)]),
  );
/** The services built from the Dockerfile; none at all would leave every check below vacuous. */
const appsIn = (compose: ComposeFile) => {
  const apps = Object.entries(compose.services).filter(([, s]) => s.build?.args.APP !== undefined);
  if (apps.length === 0) throw new Error('no service builds an app from the Dockerfile (build.args.APP)');
  return apps;
};
/** The hosts a connection string names: `esdb://a:2113,b:2113?…` → [a, b]. */
const hostsOf = (url: string) =>
  url
    .replace(/^[a-z+]+:\/\//, '')
    .split(/[/?]/)[0]!
    .split(',')
    .map((h) => h.split(':')[0]!);
/** Whether compose starts `server` healthy before `name`: directly, or through a finished one-off service. */
const readyBefore = (compose: ComposeFile, name: string, server: string): boolean =>
  Object.entries(compose.services[name]?.depends_on ?? {}).some(
    ([dependency, { condition }]) =>
      (dependency === server && condition === 'service_healthy') ||
      (condition === 'service_completed_successfully' && readyBefore(compose, dependency, server)),
  );

describe.each([
  ['docker-compose.yml', 1],
  ['docker-compose.cluster.yml', 2],
])('%s', (file, copies) => {
  const compose = load(file);

  it(`runs each app ${copies === 1 ? 'once' : 'twice'}, built from the Dockerfile with the app as its build argument`, () => {
    const built = appsIn(compose).map(([, s]) => s.build!.args.APP);
    for (const app of Object.keys(APPS)) expect(built.filter((b) => b === app)).toHaveLength(copies);
    for (const [, service] of appsIn(compose)) {
      expect(service.build!.context).toBe('.');
      expect(service.image).toBe(`ledger-${service.build!.args.APP}`);
      expect(service.healthcheck?.disable).not.toBe(true); // the Dockerfile's HEALTHCHECK applies
    }
  });

  it('gives every app only variables its settings schema knows, and values it accepts', () => {
    for (const [name, service] of appsIn(compose)) {
      const app = APPS[service.build!.args.APP as LedgerAppName];
      const env = environmentOf(service);
      expect({ name, unknown: Object.keys(env).filter((k) => !app.variables.includes(k)) }).toEqual({
        name,
        unknown: [],
      });
      expect(() => app.validate(env)).not.toThrow();
    }
  });

  it('has no default API key: compose refuses to start the apps without API_KEYS, and says so', () => {
    for (const [, service] of appsIn(compose)) {
      expect(() => environmentOf(service, {})).toThrow(/API_KEYS is missing a value: set API_KEYS/);
    }
  });

  it('publishes each app on the port it listens on, every interface, which its health check probes', () => {
    const hostPorts: string[] = [];
    for (const [, service] of appsIn(compose)) {
      const { port, defaultPort } = LEDGER_APPS[service.build!.args.APP as LedgerAppName];
      const env = environmentOf(service);
      expect(env[port]).toBe(String(defaultPort));
      expect(env[port.replace(/_PORT$/, '_HOST')]).toBe('0.0.0.0');
      expect(service.ports).toHaveLength(1);
      const [host, container] = interpolate(service.ports![0]!, {}).split(':');
      expect(container).toBe(env[port]);
      hostPorts.push(host!);
    }
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
  });

  it('starts each app after the servers its connection strings name are healthy', () => {
    for (const [name, service] of appsIn(compose)) {
      const env = environmentOf(service);
      const servers = [env.EVENTSTORE_CONNECTION_STRING, env.MONGODB_URI].filter((u) => u !== undefined);
      expect(servers.length).toBeGreaterThan(0);
      for (const server of servers.flatMap(hostsOf)) {
        expect(compose.services[server]).toBeDefined();
        expect({ name, server, ready: readyBefore(compose, name, server) }).toEqual({
          name,
          server,
          ready: true,
        });
      }
    }
  });

  it('runs pinned KurrentDB and MongoDB images, each with a health check and a volume of its own', () => {
    const servers = Object.entries(compose.services).filter(([, s]) =>
      /kurrentdb|mongo:/.test(s.image ?? ''),
    );
    expect(servers.filter(([, s]) => s.image!.includes('kurrentdb'))).toHaveLength(copies === 1 ? 1 : 3);
    expect(servers.filter(([, s]) => s.volumes && s.image!.startsWith('mongo:'))).toHaveLength(
      copies === 1 ? 1 : 3,
    );
    for (const [, server] of servers) {
      expect(server.image).toMatch(/:\d+\.\d+\.\d+$/);
      if (server.volumes) {
        expect(server.healthcheck?.test.length).toBeGreaterThan(0);
        expect(Object.keys(compose.volumes ?? {})).toContain(server.volumes[0]!.split(':')[0]);
      }
    }
  });
});

describe('the two compose files', () => {
  const single = load('docker-compose.yml');
  const cluster = load('docker-compose.cluster.yml');

  it('run KurrentDB insecure, as one node or as a cluster of three that know each other', () => {
    expect(single.services.kurrentdb!.environment).toMatchObject({
      KURRENTDB_CLUSTER_SIZE: '1',
      KURRENTDB_INSECURE: 'true',
    });
    for (const n of [1, 2, 3]) {
      const env = cluster.services[`kurrentdb-${n}`]!.environment!;
      expect(env).toMatchObject({ KURRENTDB_CLUSTER_SIZE: '3', KURRENTDB_INSECURE: 'true' });
      expect(env.KURRENTDB_GOSSIP_SEED!.split(',').sort()).toEqual(
        [1, 2, 3].filter((o) => o !== n).map((o) => `kurrentdb-${o}:2113`),
      );
    }
  });

  it('initiate MongoDB as a replica set on first start: one member, or the three', () => {
    const initiates = (service: Service) => [
      ...JSON.stringify(service).matchAll(/host: ?'(mongodb[-\w]*:27017)'/g),
    ];
    expect(single.services.mongodb!.command).toEqual(['--replSet', 'rs0', '--bind_ip_all']);
    expect(initiates(single.services.mongodb!).map((m) => m[1])).toEqual(['mongodb:27017']);
    expect(initiates(cluster.services['mongodb-replica-set']!).map((m) => m[1])).toEqual([
      'mongodb-1:27017',
      'mongodb-2:27017',
      'mongodb-3:27017',
    ]);
  });

  it('give the copies of the query API one cursor secret, which compose requires', () => {
    const secrets = appsIn(cluster)
      .filter(([, s]) => s.build!.args.APP === 'query-api')
      .map(([, s]) => s.environment!.QUERY_API_CURSOR_SECRET);
    expect(secrets).toHaveLength(2);
    expect(secrets[0]).toMatch(/^\$\{QUERY_API_CURSOR_SECRET:\?/);
    expect(secrets[1]).toBe(secrets[0]);
  });
});

describe('the Dockerfile', () => {
  const dockerfile = read('Dockerfile');

  it('builds on a pinned Node 24, runs the compiled apps with production dependencies only, as a non-root user', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24\.\d+\.\d+-[\w-]+$/m);
    expect(dockerfile).toMatch(/^RUN npm run build$/m);
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev\b/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    for (const { main } of Object.values(LEDGER_APPS)) expect(main).toMatch(/^dist\/.+\/main\.js$/);
  });

  it('checks health with node, not curl, against /ready', () => {
    expect(dockerfile).toMatch(/^HEALTHCHECK .*CMD \["node", "docker\/healthcheck\.mjs"\]$/m);
    expect(read('docker/healthcheck.mjs')).toContain('/ready');
  });

  it('takes each app port variable and default from the schema the app reads', () => {
    for (const [app, { port, defaultPort }] of Object.entries(LEDGER_APPS)) {
      expect(APPS[app as LedgerAppName].variables).toContain(port);
      const settings = APPS[app as LedgerAppName].validate({ API_KEYS: USER_VARS.API_KEYS }) as {
        port: number;
      };
      expect(settings.port).toBe(defaultPort);
    }
  });
});
