import { type Environment, readEnvironment } from '@ledger/http';
import { EXIT, CliError } from '../exit-codes.js';
import { CliEnvironment } from './cli.environment.js';

export interface CliSettings {
  eventStoreConnectionString: string;
  mongoUri: string;
  mongoDatabase: string;
  projectorsUrl: string;
  /** Throws a usage error naming the variable when it is not set. */
  operatorKey(): string;
}

/** Validates the environment once, as the apps do, listing every problem. */
export function readCliSettings(env: Environment): CliSettings {
  const vars = readEnvironment(CliEnvironment, env, 'ledger CLI');
  return {
    eventStoreConnectionString: vars.EVENTSTORE_CONNECTION_STRING,
    mongoUri: vars.MONGODB_URI,
    mongoDatabase: vars.MONGODB_DATABASE,
    projectorsUrl: vars.PROJECTORS_URL.replace(/\/+$/, ''),
    operatorKey: () => {
      if (!vars.LEDGER_OPERATOR_KEY) {
        throw new CliError(
          'LEDGER_OPERATOR_KEY is not set: the projections and parked commands call the projectors with an operator key (npm start writes one to data/api-keys.json)',
          EXIT.usage,
        );
      }
      return vars.LEDGER_OPERATOR_KEY;
    },
  };
}
