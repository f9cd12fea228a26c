import { relative } from 'node:path';
import type { LauncherConfig } from './launcher.config.js';
import type { ProcessSpec } from './system-plan.js';

const LABELS: Record<string, string> = {
  'command-api': 'command API',
  'query-api': 'query API',
  projectors: 'projectors',
  console: 'console',
};

/** What `npm start` prints once everything is ready: where each part is, its docs, the keys. */
export function consoleSummary(options: {
  config: LauncherConfig;
  apps: ReadonlyArray<ProcessSpec & { pid?: number }>;
  keysFile?: string;
  keysCreated: boolean;
  seconds: number;
  cwd: string;
}): string {
  const { config, apps, keysFile, keysCreated, seconds, cwd } = options;
  // Paths under the working folder read shorter relative; others stay absolute.
  const where = (path: string) => (relative(cwd, path).startsWith('..') ? path : relative(cwd, path) || '.');
  const lines = [`the ledger is ready (${seconds.toFixed(1)} s):`];
  for (const app of apps) {
    const url = `http://${config.host}:${app.port}`;
    lines.push(
      `  ${`${LABELS[app.kind] ?? app.kind} (${app.name})`.padEnd(28)} ${url}   docs ${url}/docs   pid ${app.pid}`,
    );
  }
  const eventStore =
    config.externalEventStore ??
    `esdb://${config.host}:${config.ports.eventstore}?tls=false (embedded, ${where(config.dataDir)}/eventstore)`;
  const mongo =
    config.externalMongo ??
    `mongodb://${config.host}:${config.ports.mongodb} (embedded, ${where(config.dataDir)}/mongodb)`;
  lines.push(`  ${'event store'.padEnd(28)} ${eventStore}`, `  ${'MongoDB'.padEnd(28)} ${mongo}`);
  lines.push(
    keysFile
      ? `  ${'API keys'.padEnd(28)} ${where(keysFile)} (client, analyst, operator; ${keysCreated ? 'generated now' : 'kept from the first start'})`
      : `  ${'API keys'.padEnd(28)} from API_KEYS`,
  );
  lines.push(
    `Ctrl-C stops everything. A part that dies is restarted; \`kill -USR2 ${process.pid}\` starts again a part you stopped.`,
  );
  return lines.join('\n');
}
