import { hostname } from 'node:os';
import { join } from 'node:path';
import type { LauncherConfig } from './launcher.config.js';
import type { ProcessKind } from './process-entries.js';

/** One process the launcher runs and keeps running. */
export interface ProcessSpec {
  /** `eventstore`, `mongodb`, or `<app>-<n>` (n from 1). */
  name: string;
  kind: ProcessKind;
  args: string[];
  /** Variables set on top of the launcher's own environment. */
  env: Record<string, string>;
  port: number;
  /** Apps answer GET /ready; the servers are ready once they accept connections. */
  readyUrl?: string;
}

/** The k-th extra process of an app listens this many ports above the first (k × 10). */
export const REPLICA_PORT_STEP = 10;

const APPS = [
  { kind: 'command-api', portVariable: 'COMMAND_API_PORT', port: (c: LauncherConfig) => c.ports.commandApi },
  { kind: 'query-api', portVariable: 'QUERY_API_PORT', port: (c: LauncherConfig) => c.ports.queryApi },
  { kind: 'projectors', portVariable: 'PROJECTORS_PORT', port: (c: LauncherConfig) => c.ports.projectors },
] as const;

/** The servers to start first (none when real ones are named), then every app process. */
export function planSystem(
  config: LauncherConfig,
  apiKeys: string,
): { servers: ProcessSpec[]; apps: ProcessSpec[] } {
  const { host, ports, dataDir } = config;
  const servers: ProcessSpec[] = [];
  if (!config.externalEventStore)
    servers.push({
      name: 'eventstore',
      kind: 'eventstore',
      args: ['--host', host, '--port', `${ports.eventstore}`, '--data-dir', join(dataDir, 'eventstore')],
      env: {},
      port: ports.eventstore,
    });
  if (!config.externalMongo)
    servers.push({
      name: 'mongodb',
      kind: 'mongodb',
      args: ['--host', host, '--port', `${ports.mongodb}`, '--data-dir', join(dataDir, 'mongodb')],
      env: {},
      port: ports.mongodb,
    });
  const shared = {
    EVENTSTORE_CONNECTION_STRING: config.externalEventStore ?? `esdb://${host}:${ports.eventstore}?tls=false`,
    MONGODB_URI: config.externalMongo ?? `mongodb://${host}:${ports.mongodb}`,
    API_KEYS: apiKeys,
  };
  const apps = APPS.flatMap(({ kind, portVariable, port }) =>
    Array.from({ length: config.replicas }, (_, k): ProcessSpec => {
      const appPort = port(config) + k * REPLICA_PORT_STEP;
      const env: Record<string, string> = { ...shared, [portVariable]: `${appPort}` };
      // A stable lease owner per slot: a restarted process takes its own leases back at once,
      // where a new name would wait for them to expire. The host name keeps machines apart.
      if (kind === 'projectors') env.PROJECTORS_INSTANCE_ID = `${hostname()}-projectors-${k + 1}`;
      return {
        name: `${kind}-${k + 1}`,
        kind,
        args: [],
        env,
        port: appPort,
        readyUrl: `http://${host}:${appPort}/ready`,
      };
    }),
  );
  // One console however many replicas: it only reads, and it names one projectors process to operate.
  apps.push({
    name: 'console-1',
    kind: 'console',
    args: [],
    env: {
      EVENTSTORE_CONNECTION_STRING: shared.EVENTSTORE_CONNECTION_STRING,
      API_KEYS: apiKeys,
      CONSOLE_PORT: `${ports.console}`,
      PROJECTORS_URL: `http://${host}:${ports.projectors}`,
    },
    port: ports.console,
    readyUrl: `http://${host}:${ports.console}/ready`,
  });
  const taken = new Map<number, string>();
  for (const spec of [...servers, ...apps]) {
    const other = taken.get(spec.port);
    if (other)
      throw new PortClashError(
        `${spec.name} and ${other} would both listen on port ${spec.port}: set the ports further apart`,
      );
    taken.set(spec.port, spec.name);
  }
  return { servers, apps };
}

export class PortClashError extends Error {
  override readonly name = 'PortClashError';
}
