import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DestinationStream } from 'pino';
import type { LogLevelSetting } from '../observability/app-logger.js';
import { createObservability, type Observability } from '../observability/observability.js';
import { PinoNestLogger } from '../observability/pino-nest.logger.js';
import type { RateLimits } from '../rate-limit/rate-limits.js';
import { configureHttpApp, type HttpAppOptions } from './configure-http-app.js';
import { createFastifyAdapter } from './fastify-adapter.factory.js';

export type CreateHttpAppOptions = {
  /** The service's name in logs, metrics and spans. */
  service: string;
  /** The app's validated settings that every app has. */
  settings: { logLevel: LogLevelSetting; otlpEndpoint?: string; rateLimits?: RateLimits };
  /** The app's root module, built with the observability made here. */
  module: (observability: Observability) => DynamicModule;
  /** Request bodies past this many bytes get a 413. */
  bodyLimit: number;
  http: Omit<HttpAppOptions, 'rateLimits'>;
  /** Where log lines go; stdout when unset (tests read their own). */
  logDestination?: DestinationStream;
  /** Anything the app adds to Fastify before it is initialised (its own metrics hooks). */
  beforeInit?: (app: NestFastifyApplication, observability: Observability) => void;
};

/**
 * Builds an HTTP app the way every app here is built: observability first (its logger logs the
 * start), Nest on Fastify, then configureHttpApp. Initialised and ready, not listening.
 */
export async function createHttpApp(options: CreateHttpAppOptions): Promise<NestFastifyApplication> {
  const { settings } = options;
  const observability = await createObservability({
    service: options.service,
    logLevel: settings.logLevel,
    otlpEndpoint: settings.otlpEndpoint,
    logDestination: options.logDestination,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    options.module(observability),
    createFastifyAdapter({ bodyLimit: options.bodyLimit }),
    { logger: new PinoNestLogger(observability.logger), abortOnError: false },
  );
  await configureHttpApp(app, { ...options.http, rateLimits: settings.rateLimits });
  options.beforeInit?.(app, observability);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
