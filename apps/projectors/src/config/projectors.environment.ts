import { hostname } from 'node:os';
import { LOG_LEVELS, type LogLevelSetting } from '@ledger/http';
import { DEFAULT_EVENTSTORE_CONNECTION_STRING } from '@ledger/event-store';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, Min } from 'class-validator';

// As in the command API: @IsInt sits nearest the property so "abc" gets its message first.
const toInteger = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

/**
 * The variables the projectors read, with their defaults (ARCHITECTURE.md "Defaults"). API_KEYS
 * and RATE_LIMITS are JSON, parsed by @ledger/http in validateProjectorsConfig.
 */
export class ProjectorsEnvironment {
  @Transform(toInteger)
  @Max(65535)
  @Min(0)
  @IsInt()
  PROJECTORS_PORT: number = 3002;

  @IsString()
  @IsNotEmpty()
  PROJECTORS_HOST: string = '127.0.0.1';

  @IsString()
  @Matches(/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kdb|kdb\+discover):\/\/\S+$/, {
    message: 'EVENTSTORE_CONNECTION_STRING must be an esdb:// connection string',
  })
  EVENTSTORE_CONNECTION_STRING: string = DEFAULT_EVENTSTORE_CONNECTION_STRING;

  @IsString()
  @Matches(/^mongodb(\+srv)?:\/\/\S+$/, { message: 'MONGODB_URI must be a mongodb:// connection string' })
  MONGODB_URI: string = 'mongodb://127.0.0.1:27017';

  // MongoDB refuses these characters in database names.
  @Matches(/^[^/\\. "$*<>:|?]{1,63}$/, { message: 'MONGODB_DATABASE must be a valid database name' })
  MONGODB_DATABASE: string = 'ledger';

  /** The lease owner's name: unique per running process. */
  @Matches(/^[\w.:@-]{1,128}$/, {
    message: 'PROJECTORS_INSTANCE_ID must be 1-128 letters, digits or . _ : @ -',
  })
  PROJECTORS_INSTANCE_ID: string = `${hostname()}-${process.pid}`;

  @Transform(toInteger)
  @Max(10_000)
  @Min(1)
  @IsInt()
  PROJECTORS_BATCH_SIZE: number = 500;

  @Transform(toInteger)
  @Max(600_000)
  @Min(1_000)
  @IsInt()
  PROJECTORS_LEASE_TTL_MS: number = 15_000;

  @Transform(toInteger)
  @Max(3_600_000)
  @Min(1_000)
  @IsInt()
  PROJECTORS_STALL_AFTER_MS: number = 60_000;

  /** How long a rebuilt read model's old collection stays after the switch (readers finish on it). */
  @Transform(toInteger)
  @Max(86_400_000)
  @Min(0)
  @IsInt()
  PROJECTORS_REBUILD_GRACE_MS: number = 60_000;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevelSetting = 'log';
}
