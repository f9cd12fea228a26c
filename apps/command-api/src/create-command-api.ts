import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp } from '@ledger/http';
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
  return createHttpApp({
    service: 'command-api',
    settings,
    module: (observability) => AppModule.forRoot(env, options, observability),
    bodyLimit: settings.bodyLimit,
    logDestination: options.logDestination,
    http: {
      problemMappers: COMMAND_API_PROBLEM_MAPPERS,
      validationPipe: new AmountLimitValidationPipe(settings.maxAmount),
      openApi: {
        title: 'Ledger command API',
        description: 'Commands on accounts and transfers',
        version: '1.0',
      },
    },
    beforeInit: (app, observability) =>
      registerCommandMetrics(app.getHttpAdapter().getInstance(), observability.metrics),
  });
}
