import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { apiKeysFile, apiKeysVariable, loadOrCreateApiKeys } from './api-keys.file.js';
import { consoleSummary } from './console-summary.js';
import type { LauncherConfig } from './launcher.config.js';
import { compiledPath, PROCESS_ENTRIES } from './process-entries.js';
import { acceptsConnections, httpReady, portIsFree } from './readiness.js';
import { SupervisedProcess } from './supervised-process.js';
import { planSystem, type ProcessSpec } from './system-plan.js';

/** How long each process may take to become ready at start (30 s is the aim on an idle machine). */
const READY_TIMEOUT_MS = 60_000;

const report = (line: string): void => console.log(`[start] ${line}`);

/**
 * Starts the servers, then the apps, each a supervised process of compiled JavaScript, and keeps
 * them running until SIGINT/SIGTERM, which stop the apps first and the servers last.
 */
export async function runLauncher(config: LauncherConfig, root: string): Promise<void> {
  const started = performance.now();
  report(`launcher pid ${process.pid}, data in ${config.dataDir}`);
  await mkdir(config.dataDir, { recursive: true });
  const generated = config.apiKeys ? undefined : await loadOrCreateApiKeys(config.dataDir);
  const { servers, apps } = planSystem(config, config.apiKeys ?? apiKeysVariable(generated!.keys));
  // A port in use (another `npm start`, say) would answer the readiness probes in our stead.
  const busy = (
    await Promise.all(
      [...servers, ...apps].map(async (spec) => ((await portIsFree(config.host, spec.port)) ? [] : [spec])),
    )
  ).flat();
  if (busy.length > 0)
    throw new Error(
      `${busy.map((spec) => `port ${spec.port} (${spec.name})`).join(', ')} already in use: another npm start? Stop it, or set the ports (README, Configuration)`,
    );
  const supervise = (spec: ProcessSpec) =>
    new SupervisedProcess({
      name: spec.name,
      args: [join(root, compiledPath(PROCESS_ENTRIES[spec.kind])), ...spec.args],
      cwd: root,
      env: { ...process.env, ...spec.env },
      probe: spec.readyUrl ? httpReady(spec.readyUrl) : acceptsConnections(config.host, spec.port),
      address: spec.readyUrl ? `http://${config.host}:${spec.port}` : `${config.host}:${spec.port}`,
      readyTimeoutMs: READY_TIMEOUT_MS,
      report,
    });
  const serverProcesses = servers.map(supervise);
  const appProcesses = apps.map(supervise);

  let stopping: Promise<void> | undefined;
  const stopAll = (code: number) =>
    (stopping ??= (async () => {
      report('stopping the apps, then the servers');
      await Promise.all(appProcesses.map((p) => p.stop()));
      await Promise.all(serverProcesses.map((p) => p.stop()));
      report('stopped');
      process.exit(code);
    })());
  // SIGHUP too: a closed terminal must not leave the parts running without their launcher.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stopAll(0));
  process.on('SIGUSR2', () => {
    report('SIGUSR2: starting again any part that was stopped');
    // Servers before apps, as at start.
    void Promise.all(serverProcesses.map((p) => p.resume())).then(() =>
      Promise.all(appProcesses.map((p) => p.resume())),
    );
  });
  process.on('exit', () => [...appProcesses, ...serverProcesses].forEach((p) => p.killNow()));

  for (const group of [serverProcesses, appProcesses]) {
    const ready = await Promise.all(group.map((p) => p.start()));
    if (stopping) return;
    const notReady = group.filter((_, i) => !ready[i]);
    if (notReady.length > 0) {
      const late = notReady.filter((p) => p.state !== 'failed to start').map((p) => p.name);
      // One that died has said so (SupervisedProcess); one that is late has not.
      if (late.length > 0)
        report(`${late.join(', ')} not ready within ${READY_TIMEOUT_MS / 1000} s (see its output above)`);
      await stopAll(1);
      return;
    }
    group.forEach((p) => p.reportReady());
  }
  report(
    consoleSummary({
      config,
      apps: apps.map((spec, i) => ({ ...spec, pid: appProcesses[i]!.pid })),
      keysFile: generated && apiKeysFile(config.dataDir),
      keysCreated: generated?.created ?? false,
      seconds: (performance.now() - started) / 1000,
      cwd: process.cwd(),
    }),
  );
}
