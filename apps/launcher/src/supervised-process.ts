import { type ChildProcess, spawn } from 'node:child_process';
import { type ReadinessProbe, waitUntilReady } from './readiness.js';
import { crashesAfter, restartDelayMs } from './restart-backoff.js';

export interface SupervisedProcessOptions {
  name: string;
  /** Node arguments: the compiled entry, then its own arguments. */
  args: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  probe: ReadinessProbe;
  /** Where the process listens, for the console. */
  address: string;
  readyTimeoutMs: number;
  report: (line: string) => void;
}

/** How long a process may take to stop after SIGTERM before it is killed. */
const STOP_TIMEOUT_MS = 20_000;

/**
 * One process kept running: a crash (a signal or a non-zero exit) restarts it after a backoff
 * that doubles per crash in a row (bounded, restart-backoff.ts), and says so on the console. A
 * clean exit (code 0, e.g. someone sent it SIGTERM) leaves it stopped until `resume()`.
 */
export class SupervisedProcess {
  private child?: ChildProcess;
  private exited: Promise<void> = Promise.resolve();
  private stopping = false;
  private crashes = 0;
  private startedAt = 0;
  private restartTimer?: NodeJS.Timeout;
  /** Whether it has ever been ready: a process that dies before its first start is not restarted. */
  private wasReady = false;
  state: 'idle' | 'starting' | 'ready' | 'waiting to restart' | 'stopped' | 'failed to start' = 'idle';

  constructor(private readonly options: SupervisedProcessOptions) {}

  get name(): string {
    return this.options.name;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /**
   * Starts the process; resolves true once it is ready, false if it is not by the deadline or, on
   * its first start, if it dies first (state `failed to start`: a bad setting or a port in use
   * would only die again).
   */
  async start(): Promise<boolean> {
    this.stopping = false;
    this.spawnChild();
    const ready = await waitUntilReady(
      this.options.probe,
      this.options.readyTimeoutMs,
      () => this.stopping || this.state !== 'starting',
    );
    if (ready && this.state === 'starting') {
      this.state = 'ready';
      this.wasReady = true;
    }
    return ready;
  }

  /** Starts it again if it stopped cleanly; anything else is left as it is. */
  async resume(): Promise<void> {
    if (this.state !== 'stopped' || this.stopping) return;
    this.options.report(`${this.name} starting again`);
    if (await this.start()) this.reportReady('ready again');
  }

  /** SIGTERM, then SIGKILL if it has not exited within STOP_TIMEOUT_MS; cancels a pending restart. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => {
        this.options.report(
          `${this.name} (pid ${child.pid}) did not stop within ${STOP_TIMEOUT_MS / 1000} s; killing it`,
        );
        child.kill('SIGKILL');
      }, STOP_TIMEOUT_MS);
      await this.exited;
      clearTimeout(killer);
    }
    this.state = 'stopped';
  }

  /** Last resort when the launcher itself exits: no process is left behind. */
  killNow(): void {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null)
      this.child.kill('SIGTERM');
  }

  reportReady(what = 'ready'): void {
    this.options.report(`${this.name} ${what}: ${this.options.address} (pid ${this.pid})`);
  }

  private spawnChild(): void {
    this.state = 'starting';
    this.startedAt = Date.now();
    // Its own process group: Ctrl-C reaches the launcher alone, which then stops the apps before
    // the servers they write to.
    const child = spawn(process.execPath, [...this.options.args], {
      cwd: this.options.cwd,
      env: this.options.env,
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: true,
    });
    this.child = child;
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => (this.onExit(child, code, signal), resolve())),
    );
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping || child !== this.child) return;
    if (!this.wasReady) {
      this.state = 'failed to start';
      this.options.report(
        `${this.name} (pid ${child.pid}) died while starting (${signal ?? `exit code ${code}`}); see its output above`,
      );
      return;
    }
    if (code === 0) {
      this.state = 'stopped';
      this.options.report(
        `${this.name} (pid ${child.pid}) stopped cleanly and stays stopped; \`kill -USR2 ${process.pid}\` starts it again`,
      );
      return;
    }
    this.crashes = crashesAfter(this.crashes, Date.now() - this.startedAt);
    const delay = restartDelayMs(this.crashes);
    this.state = 'waiting to restart';
    this.options.report(
      `${this.name} (pid ${child.pid}) died (${signal ?? `exit code ${code}`}); restarting in ${delay} ms (crash ${this.crashes} in a row)`,
    );
    this.restartTimer = setTimeout(() => void this.restart(), delay);
  }

  private async restart(): Promise<void> {
    if (this.stopping) return;
    const ready = await this.start();
    if (ready) this.reportReady('ready again');
    else if (this.state === 'starting')
      this.options.report(
        `${this.name} (pid ${this.pid}) is not ready ${this.options.readyTimeoutMs / 1000} s after its restart; still waiting`,
      );
  }
}
