import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { configureHttpApp, createFastifyAdapter, createObservability, PinoNestLogger } from '@ledger/http';
import { AppModule, type ProjectorsOptions } from './app.module.js';
import { type Environment, validateProjectorsConfig } from './config/projectors.config.js';
import { PROJECTORS_PROBLEM_MAPPERS } from './errors/projectors.problem-mappers.js';

// The operator endpoints take no body larger than this.
const BODY_LIMIT = 16 * 1024;

/**
 * Builds the projectors from an explicit environment (main.ts passes process.env, tests a
 * literal). Initialised, so the consumers are running, but not listening. Throws
 * InvalidConfigurationError before anything starts.
 */
export async function createProjectors(
  env: Environment,
  options: ProjectorsOptions = {},
): Promise<NestFastifyApplication> {
  const settings = validateProjectorsConfig(env);
  const observability = await createObservability({
    service: 'projectors',
    logLevel: settings.logLevel,
    otlpEndpoint: settings.otlpEndpoint,
    logDestination: options.logDestination,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(env, options, observability),
    createFastifyAdapter({ bodyLimit: BODY_LIMIT }),
    { logger: new PinoNestLogger(observability.logger), abortOnError: false },
  );
  await configureHttpApp(app, {
    problemMappers: PROJECTORS_PROBLEM_MAPPERS,
    rateLimits: settings.rateLimits,
    openApi: {
      title: 'Ledger projectors',
      description: 'Consumers of $all: status, metrics and parked events',
      version: '1.0',
    },
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
