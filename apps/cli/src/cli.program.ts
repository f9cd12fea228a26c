import { Command, CommanderError } from 'commander';
import { type CliSettings, readCliSettings } from './config/cli.config.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import type { CliIo } from './output/cli-io.js';
import type { CliContext } from './commands/cli-context.js';
import { streamsCommand } from './commands/streams.command.js';
import { aggregateCommand } from './commands/aggregate.command.js';
import { eventsCommand } from './commands/events.command.js';
import { projectionsCommand } from './commands/projections.command.js';
import { parkedCommand } from './commands/parked.command.js';
import { replayCommand } from './commands/replay.command.js';

/**
 * Runs one command line and answers its exit code (EXIT). Settings are validated once, before
 * any command touches a server; every error ends here, as one line on stderr.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  let settings: CliSettings | undefined;
  const fail = (error: unknown) => {
    exitCode = exitCodeFor(error);
    io.stderr.write(`ledger: ${error instanceof Error ? error.message : String(error)}\n`);
  };
  const context: CliContext = {
    run: async (action) => {
      try {
        settings ??= readCliSettings(io.env);
        await action(settings, io);
      } catch (error) {
        fail(error);
      }
    },
  };
  const program = new Command('ledger')
    .description('Developer tools for the ledger: read, time-travel, export, rebuild and retry')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  streamsCommand(program, context);
  aggregateCommand(program, context);
  eventsCommand(program, context);
  projectionsCommand(program, context);
  parkedCommand(program, context);
  replayCommand(program, context);
  program.commands.forEach(function exitOverride(command: Command) {
    command
      .exitOverride()
      .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
    command.commands.forEach(exitOverride);
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end this way too, successfully.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    fail(error);
  }
  return exitCode;
}
