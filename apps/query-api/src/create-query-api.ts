import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp } from '@ledger/http';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module.js';
import { type Environment, validateQueryApiConfig } from './config/query-api.config.js';
import { QUERY_API_PROBLEM_MAPPERS } from './errors/query-api.problem-mappers.js';

/** What tests may replace; production passes nothing. */
export type QueryApiOptions = { logDestination?: DestinationStream };

// Every endpoint is a GET: no request has a body worth more than this.
const BODY_LIMIT = 1024;

/**
 * Builds the query API from an explicit environment (main.ts passes process.env, tests a
 * literal). Initialised, not listening. Throws InvalidConfigurationError before anything starts.
 */
export async function createQueryApi(
  env: Environment,
  options: QueryApiOptions = {},
): Promise<NestFastifyApplication> {
  const settings = validateQueryApiConfig(env);
  return createHttpApp({
    service: 'query-api',
    settings,
    module: (observability) => AppModule.forRoot(env, observability),
    bodyLimit: BODY_LIMIT,
    logDestination: options.logDestination,
    http: {
      problemMappers: QUERY_API_PROBLEM_MAPPERS,
      openApi: {
        title: 'Ledger query API',
        description: 'Read models for analysts: accounts, ledgers, transfers, totals; read-your-writes',
        version: '1.0',
      },
    },
  });
}
