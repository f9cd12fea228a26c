import { ObservabilityEnvironment } from '@ledger/http';
import { DEFAULT_EVENTSTORE_CONNECTION_STRING } from '@ledger/event-store';
import { Transform } from 'class-transformer';
import { IsInt, IsNotEmpty, IsString, Matches, Max, Min } from 'class-validator';

// class-validator checks the decorator nearest the property first; with stopAtFirstError that
// puts @IsInt's message before a range message that would not make sense for "abc".
/** Whole numbers only: "3000" → 3000; anything else stays a string and fails @IsInt. */
const toInteger = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

/**
 * The variables the command API reads, with their defaults (ARCHITECTURE.md "Defaults").
 * The two JSON ones are parsed by @ledger/http in validateCommandApiConfig: API_KEYS (required,
 * role → keys) and RATE_LIMITS (requests per second per principal by role, and per address
 * without a valid key; 0 = unlimited; default {"client":20000,"analyst":20000,"operator":1000,
 * "unauthenticated":100}, names left out keep theirs).
 */
export class CommandApiEnvironment extends ObservabilityEnvironment {
  @Transform(toInteger)
  @Max(65535)
  @Min(0)
  @IsInt()
  COMMAND_API_PORT: number = 3000;

  @IsString()
  @IsNotEmpty()
  COMMAND_API_HOST: string = '127.0.0.1';

  @IsString()
  @Matches(/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kdb|kdb\+discover):\/\/\S+$/, {
    message: 'EVENTSTORE_CONNECTION_STRING must be an esdb:// connection string',
  })
  EVENTSTORE_CONNECTION_STRING: string = DEFAULT_EVENTSTORE_CONNECTION_STRING;

  @Transform(toInteger)
  @Max(16 * 1024 * 1024)
  @Min(1024)
  @IsInt()
  BODY_LIMIT: number = 64 * 1024;

  @Transform(toInteger)
  @Max(Number.MAX_SAFE_INTEGER)
  @Min(1)
  @IsInt()
  MAX_AMOUNT: number = 1_000_000_000_000;

  @Transform(toInteger)
  @Min(0)
  @IsInt()
  AGGREGATE_CACHE_BYTES: number = 64 * 1024 * 1024;

  @Transform(toInteger)
  @Min(0)
  @IsInt()
  SNAPSHOT_THRESHOLD: number = 500;

  @Transform(toInteger)
  @Max(30 * 24 * 3600)
  @Min(1)
  @IsInt()
  IDEMPOTENCY_WINDOW_SECONDS: number = 24 * 3600;

  @Transform(toInteger)
  @Max(100_000)
  @Min(1)
  @IsInt()
  IDEMPOTENCY_KEYS_PER_STREAM: number = 5_000;

  @Transform(toInteger)
  @Max(100_000)
  @Min(1)
  @IsInt()
  MAX_QUEUED_PER_STREAM: number = 256;
}
