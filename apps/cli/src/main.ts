import { runCli } from './cli.program.js';

// Ctrl-C ends `events tail` and detaches from a watched rebuild (which goes on in the projectors);
// any other command is stopped a second later (an import can be run again: it adds nothing twice).
const interrupted = new Promise<void>((resolve) =>
  process.once('SIGINT', () => {
    resolve();
    setTimeout(() => process.exit(130), 1_000).unref();
  }),
);
const code = await runCli(process.argv.slice(2), {
  env: { ...process.env },
  stdout: process.stdout,
  stderr: process.stderr,
  interrupted,
});
// exitCode, not exit(): a piped stdout is flushed before the process ends.
process.exitCode = code;
