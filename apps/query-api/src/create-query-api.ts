import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { configureHttpApp, createFastifyAdapter, createObservability, PinoNestLogger } from '@ledger/http';
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
  const observability = await createObservability({
    service: 'query-api',
    logLevel: settings.logLevel,
    otlpEndpoint: settings.otlpEndpoint,
    logDestination: options.logDestination,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(env, observability),
    createFastifyAdapter({ bodyLimit: BODY_LIMIT }),
    { logger: new PinoNestLogger(observability.logger), abortOnError: false },
  );
  await configureHttpApp(app, {
    problemMappers: QUERY_API_PROBLEM_MAPPERS,
    rateLimits: settings.rateLimits,
    openApi: {
      title: 'Ledger query API',
      description: 'Read models for analysts: accounts, ledgers, transfers, totals; read-your-writes',
      version: '1.0',
    },
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
