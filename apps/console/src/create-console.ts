import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp } from '@ledger/http';
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
  return createHttpApp({
    service: 'console',
    settings,
    module: (observability) => AppModule.forRoot(env, observability),
    bodyLimit: BODY_LIMIT,
    logDestination: options.logDestination,
    http: {
      problemMappers: CONSOLE_PROBLEM_MAPPERS,
      openApi: { title: 'Ledger console', description: 'The console page and its backend', version: '1.0' },
    },
  });
}
