import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { configureHttpApp, createFastifyAdapter, createObservability, PinoNestLogger } from '@ledger/http';
import { registerCommandMetrics } from './commands/command-metrics.js';
import { AppModule, type CommandApiOptions } from './app.module.js';
import { AmountLimitValidationPipe } from './commands/amount.validation.js';
import { type Environment, validateCommandApiConfig } from './config/command-api.config.js';
import { COMMAND_API_PROBLEM_MAPPERS } from './errors/command-api.problem-mappers.js';

/**
 * Builds the command API from an explicit environment (main.ts passes process.env, tests a
 * literal). Initialised, not listening. Throws InvalidConfigurationError before anything starts.
 */
export async function createCommandApi(
  env: Environment,
  options: CommandApiOptions = {},
): Promise<NestFastifyApplication> {
  const settings = validateCommandApiConfig(env);
  const observability = await createObservability({
    service: 'command-api',
    logLevel: settings.logLevel,
    otlpEndpoint: settings.otlpEndpoint,
    logDestination: options.logDestination,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(env, options, observability),
    createFastifyAdapter({ bodyLimit: settings.bodyLimit }),
    { logger: new PinoNestLogger(observability.logger), abortOnError: false },
  );
  await configureHttpApp(app, {
    problemMappers: COMMAND_API_PROBLEM_MAPPERS,
    validationPipe: new AmountLimitValidationPipe(settings.maxAmount),
    rateLimits: settings.rateLimits,
    openApi: {
      title: 'Ledger command API',
      description: 'Commands on accounts and transfers',
      version: '1.0',
    },
  });
  registerCommandMetrics(app.getHttpAdapter().getInstance(), observability.metrics);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
