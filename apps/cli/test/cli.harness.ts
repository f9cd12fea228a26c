import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCli } from '../src/cli.program.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/ledger.mjs', import.meta.url));

export interface LedgerRun {
  code: number;
  stdout: string;
  stderr: string;
  json<T = Record<string, unknown>>(): T;
}

/**
 * Runs one command line through the CLI's own entry point (`runCli`, which main.ts calls with the
 * process's streams), with `env` as its whole environment. `interrupt` stands for Ctrl-C.
 */
export function ledger(args: readonly string[], env: Record<string, string>, interrupt?: Promise<void>) {
  let stdout = '';
  let stderr = '';
  const run = runCli(args, {
    env,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    interrupted: interrupt ?? new Promise<void>(() => {}),
  });
  const result = run.then((code): LedgerRun => ({
    code,
    stdout,
    stderr,
    json: <T>() => JSON.parse(stdout) as T,
  }));
  return Object.assign(result, { output: () => ({ stdout, stderr }) });
}

/** The `ledger` bin as a real process (what a user's shell runs), from the repository root. */
export function runBin(
  args: readonly string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}
