import { ObservabilityEnvironment } from '@ledger/http';
import { Transform } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

// As in the other apps: @IsInt sits nearest the property so "abc" gets its message first.
const toInteger = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

/**
 * The variables the query API reads, with their defaults (ARCHITECTURE.md "Defaults"). API_KEYS
 * and RATE_LIMITS are JSON, parsed by @ledger/http in validateQueryApiConfig.
 */
export class QueryApiEnvironment extends ObservabilityEnvironment {
  @Transform(toInteger)
  @Max(65535)
  @Min(0)
  @IsInt()
  QUERY_API_PORT: number = 3001;

  @IsString()
  @IsNotEmpty()
  QUERY_API_HOST: string = '127.0.0.1';

  @IsString()
  @Matches(/^mongodb(\+srv)?:\/\/\S+$/, { message: 'MONGODB_URI must be a mongodb:// connection string' })
  MONGODB_URI: string = 'mongodb://127.0.0.1:27017';

  // MongoDB refuses these characters in database names.
  @Matches(/^[^/\\. "$*<>:|?]{1,63}$/, { message: 'MONGODB_DATABASE must be a valid database name' })
  MONGODB_DATABASE: string = 'ledger';

  /** How long X-Min-Position may hold a request before it answers 503. */
  @Transform(toInteger)
  @Max(60_000)
  @Min(0)
  @IsInt()
  MIN_POSITION_WAIT_MS: number = 5_000;

  /** Signs page cursors; copies of the API behind one balancer need the same one. */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'QUERY_API_CURSOR_SECRET must be at least 16 characters' })
  QUERY_API_CURSOR_SECRET?: string;
}
