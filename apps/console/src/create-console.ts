import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { configureHttpApp, createFastifyAdapter, createObservability, PinoNestLogger } from '@ledger/http';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module.js';
import { type Environment, validateConsoleConfig } from './config/console.config.js';
import { CONSOLE_PROBLEM_MAPPERS } from './errors/console.problem-mappers.js';

// The console's only bodies are a rebuild request.
const BODY_LIMIT = 4 * 1024;

/**
 * Builds the console from an explicit environment (main.ts passes process.env, tests a literal),
 * initialised but not listening. Throws InvalidConfigurationError before anything starts.
 */
export async function createConsole(
  env: Environment,
  options: { logDestination?: DestinationStream } = {},
): Promise<NestFastifyApplication> {
  const settings = validateConsoleConfig(env);
  const observability = await createObservability({
    service: 'console',
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
    problemMappers: CONSOLE_PROBLEM_MAPPERS,
    rateLimits: settings.rateLimits,
    openApi: { title: 'Ledger console', description: 'The console page and its backend', version: '1.0' },
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
