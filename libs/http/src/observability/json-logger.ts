import type { LoggerService, LogLevel } from '@nestjs/common';

export const LOG_LEVELS = ['silent', 'fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevelSetting = (typeof LOG_LEVELS)[number];

type Sink = { write(chunk: string): unknown };
const ORDER: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
const pending = new Set<JsonLogger>();
let exitHookInstalled = false;

/**
 * One JSON object per line. Lines are buffered and written once per event-loop turn: a
 * synchronous write per request cost about 15% of the command API's throughput. Errors are
 * written at once, and whatever is buffered is written on exit.
 */
export class JsonLogger implements LoggerService {
  private buffer: string[] = [];
  private levels: Set<LogLevel>;

  constructor(
    level: Exclude<LogLevelSetting, 'silent'>,
    private readonly sink: Sink = process.stdout,
  ) {
    this.levels = new Set(ORDER.slice(0, ORDER.indexOf(level) + 1));
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.once('exit', flushJsonLoggers);
    }
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('log', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('verbose', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }
  setLogLevels(levels: LogLevel[]): void {
    this.levels = new Set(levels);
  }

  flush(): void {
    pending.delete(this);
    if (this.buffer.length === 0) return;
    const lines = this.buffer.join('\n') + '\n';
    this.buffer = [];
    this.sink.write(lines);
  }

  private write(level: LogLevel, message: unknown, params: unknown[]): void {
    if (!this.levels.has(level)) return;
    // Nest passes the context last, and for errors a stack before it.
    const context =
      params.length > 0 && typeof params[params.length - 1] === 'string' ? params.pop() : undefined;
    const stack = level === 'error' && typeof params[0] === 'string' ? params.shift() : undefined;
    const body = isRecord(message)
      ? message
      : { msg: message instanceof Error ? message.message : String(message) };
    const line = JSON.stringify({
      level,
      time: new Date().toISOString(),
      context,
      ...body,
      ...(stack ? { stack } : {}),
    });
    this.buffer.push(line);
    if (level === 'error' || level === 'fatal') return this.flush();
    if (!pending.has(this)) {
      pending.add(this);
      setImmediate(() => this.flush());
    }
  }
}

/** Writes every buffered line now (before exiting). */
export function flushJsonLoggers(): void {
  pending.forEach((logger) => logger.flush());
}

/** The app's logger for a LOG_LEVEL setting; `false` silences Nest entirely. */
export function createJsonLogger(level: LogLevelSetting): JsonLogger | false {
  return level === 'silent' ? false : new JsonLogger(level);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Error);
}
