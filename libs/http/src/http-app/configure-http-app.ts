import type { PipeTransform } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { errorCodes } from 'fastify';
import { ProblemDetailsFilter } from '../problem-details/problem-details.filter.js';
import type { ProblemMapper } from '../problem-details/problem-details.js';
import { AppMetrics } from '../observability/app-metrics.js';
import { APP_LOGGER } from '../observability/observability.module.js';
import { registerRequestLogging } from '../observability/request-logging.hooks.js';
import { registerRequestObservation } from '../observability/request-observation.hooks.js';
import { Tracing } from '../observability/tracing.js';
import type { RateLimits } from '../rate-limit/rate-limits.js';
import { registerRateLimiting } from '../rate-limit/rate-limiting.js';
import { parseJsonBody } from '../validation/json-body.parser.js';
import { RequestValidationPipe } from '../validation/request-validation.pipe.js';
import { type OpenApiOptions, setupOpenApi } from './openapi.setup.js';

export type HttpAppOptions = {
  problemMappers?: ProblemMapper[];
  /** Replaces the default RequestValidationPipe (an app may add its own checks). */
  validationPipe?: PipeTransform;
  openApi: OpenApiOptions;
  /** Per principal and per address; needs the app's AuthModule (see registerRateLimiting). */
  rateLimits?: RateLimits;
};

/**
 * What every HTTP app shares: problem+json errors, strict validation, JSON-only bodies, logs,
 * metrics and spans per request (the app imports ObservabilityModule), docs, rate limits.
 * main.ts adds closeOnSignals(app) for a clean shutdown.
 */
export async function configureHttpApp(app: NestFastifyApplication, options: HttpAppOptions): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  // JSON is the only body we accept; anything else is a 415 rather than a string DTO. Nest adds
  // a form parser at init unless one is registered, so the form type gets one that refuses.
  fastify.removeContentTypeParser('text/plain');
  app.useBodyParser('application/x-www-form-urlencoded', {}, (_request, _body, done) =>
    done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE('application/x-www-form-urlencoded'), undefined),
  );
  app.useBodyParser('application/json', {}, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  // Before the rate limiter: a refused request is traced, measured and logged too.
  registerRequestObservation(fastify, app.get(Tracing), app.get(AppMetrics));
  registerRequestLogging(fastify, app.get(APP_LOGGER));
  if (options.rateLimits) await registerRateLimiting(app, options.rateLimits);
  app.useGlobalFilters(new ProblemDetailsFilter(options.problemMappers));
  app.useGlobalPipes(options.validationPipe ?? new RequestValidationPipe());
  setupOpenApi(app, options.openApi);
}
