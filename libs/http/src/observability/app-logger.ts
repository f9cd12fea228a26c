import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';

/** LOG_LEVEL values: Nest's names, as before; `log` is pino's `info`, `verbose` its `trace`. */
export const LOG_LEVELS = ['silent', 'fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevelSetting = (typeof LOG_LEVELS)[number];
export type AppLogger = Logger;

const PINO_LEVEL: Record<LogLevelSetting, LoggerOptions['level']> = {
  silent: 'silent',
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/**
 * The one logger setup of every app: pino, one JSON object per line, the level as a word and the
 * time as ISO 8601. Lines go to stdout through an asynchronous destination (pino writes what is
 * pending on exit); tests pass their own destination to read the lines. Headers are never logged.
 */
export function createAppLogger(
  level: LogLevelSetting,
  destination: DestinationStream = pino.destination({ dest: 1, sync: false }),
  bindings: Record<string, string> = {},
): AppLogger {
  return pino(
    {
      level: PINO_LEVEL[level],
      base: bindings,
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}
