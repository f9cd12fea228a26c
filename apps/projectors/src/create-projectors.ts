import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp } from '@ledger/http';
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
  return createHttpApp({
    service: 'projectors',
    settings,
    module: (observability) => AppModule.forRoot(env, options, observability),
    bodyLimit: BODY_LIMIT,
    logDestination: options.logDestination,
    http: {
      problemMappers: PROJECTORS_PROBLEM_MAPPERS,
      openApi: {
        title: 'Ledger projectors',
        description: 'Consumers of $all: status, metrics and parked events',
        version: '1.0',
      },
    },
  });
}
