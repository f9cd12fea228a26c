import { ObservabilityEnvironment } from '@ledger/http';
import { DEFAULT_EVENTSTORE_CONNECTION_STRING } from '@ledger/event-store';
import { Transform } from 'class-transformer';
import { IsInt, IsNotEmpty, IsString, Matches, Max, Min } from 'class-validator';

// As in the other apps: @IsInt sits nearest the property so "abc" gets its message first.
const toInteger = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

/**
 * The variables the console reads, with their defaults (ARCHITECTURE.md "Defaults"). API_KEYS and
 * RATE_LIMITS are JSON, parsed by @ledger/http in validateConsoleConfig.
 */
export class ConsoleEnvironment extends ObservabilityEnvironment {
  @Transform(toInteger)
  @Max(65535)
  @Min(0)
  @IsInt()
  CONSOLE_PORT: number = 3003;

  @IsString()
  @IsNotEmpty()
  CONSOLE_HOST: string = '127.0.0.1';

  @IsString()
  @Matches(/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kdb|kdb\+discover):\/\/\S+$/, {
    message: 'EVENTSTORE_CONNECTION_STRING must be an esdb:// connection string',
  })
  EVENTSTORE_CONNECTION_STRING: string = DEFAULT_EVENTSTORE_CONNECTION_STRING;

  /** Where the projectors' operator endpoints answer (status, parked events, rebuilds). */
  @Matches(/^https?:\/\/[^\s/]+(\/\S*)?$/, { message: 'PROJECTORS_URL must be an http(s):// URL' })
  PROJECTORS_URL: string = 'http://127.0.0.1:3002';

  /** Live feeds ($all over server-sent events) open at once; one more is a 503. */
  @Transform(toInteger)
  @Max(1_000)
  @Min(1)
  @IsInt()
  CONSOLE_MAX_FEEDS: number = 16;
}
