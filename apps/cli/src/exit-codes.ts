import { CommanderError } from 'commander';
import { InvalidRequestError, ImportLineError, NotFoundError } from '@ledger/event-log';
import { InvalidConfigurationError } from '@ledger/http';

/** The CLI's exit codes, defined once (README "Developer CLI"): scripts may rely on them. */
export const EXIT = {
  ok: 0,
  /** The command ran and failed (a damaged import line, a refused rebuild, a server error). */
  failure: 1,
  /** Bad arguments or configuration: nothing was attempted. */
  usage: 2,
  /** The stream, aggregate, consumer, parked event or rebuild does not exist. */
  notFound: 3,
  /** The event store, MongoDB or the projectors cannot be reached. */
  unreachable: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error that already knows its exit code (HTTP answers, missing settings). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}

const UNREACHABLE =
  /UNAVAILABLE|ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|DEADLINE_EXCEEDED|Server selection|failed to connect|No connection established|fetch failed/i;

export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof CliError) return error.exitCode;
  if (error instanceof CommanderError) return EXIT.usage;
  if (error instanceof InvalidConfigurationError || error instanceof InvalidRequestError) return EXIT.usage;
  if (error instanceof NotFoundError) return EXIT.notFound;
  if (error instanceof ImportLineError) return EXIT.failure;
  const name = (error as { name?: string }).name ?? '';
  const message =
    error instanceof Error
      ? `${name} ${error.message} ${String((error as { cause?: unknown }).cause ?? '')}`
      : String(error);
  if (/Unavailable|MongoServerSelection|MongoNetwork/.test(name) || UNREACHABLE.test(message))
    return EXIT.unreachable;
  return EXIT.failure;
}
