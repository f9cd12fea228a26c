import { DEFAULT_EVENTSTORE_CONNECTION_STRING } from '@ledger/event-store';
import { IsOptional, IsString, Matches } from 'class-validator';

/** The variables the CLI reads, with the apps' defaults (ARCHITECTURE.md "Defaults"). */
export class CliEnvironment {
  @IsString()
  @Matches(/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kdb|kdb\+discover):\/\/\S+$/, {
    message: 'EVENTSTORE_CONNECTION_STRING must be an esdb:// connection string',
  })
  EVENTSTORE_CONNECTION_STRING: string = DEFAULT_EVENTSTORE_CONNECTION_STRING;

  @IsString()
  @Matches(/^mongodb(\+srv)?:\/\/\S+$/, { message: 'MONGODB_URI must be a mongodb:// connection string' })
  MONGODB_URI: string = 'mongodb://127.0.0.1:27017';

  @Matches(/^[^/\\. "$*<>:|?]{1,63}$/, { message: 'MONGODB_DATABASE must be a valid database name' })
  MONGODB_DATABASE: string = 'ledger';

  @Matches(/^https?:\/\/\S+$/, { message: 'PROJECTORS_URL must be an http(s):// URL' })
  PROJECTORS_URL: string = 'http://127.0.0.1:3002';

  /** Needed only by the commands that call the projectors (projections, parked). */
  @IsOptional()
  @IsString()
  LEDGER_OPERATOR_KEY?: string;
}
