import type { DestinationStream } from 'pino';
import { AppMetrics } from './app-metrics.js';
import { type AppLogger, createAppLogger, type LogLevelSetting } from './app-logger.js';
import { Tracing } from './tracing.js';

/** What an app observes itself with: its logger, its metrics registry and its tracer. */
export type Observability = { service: string; logger: AppLogger; metrics: AppMetrics; tracing: Tracing };

export type ObservabilityOptions = {
  service: string;
  logLevel: LogLevelSetting;
  /** OTEL_EXPORTER_OTLP_ENDPOINT: spans exported there; none (and no SDK) when unset. */
  otlpEndpoint?: string;
  /** Where log lines go; stdout when unset (tests read their own). */
  logDestination?: DestinationStream;
};

/** Built before the Nest app (its logger logs the app's start), handed to ObservabilityModule. */
export async function createObservability(options: ObservabilityOptions): Promise<Observability> {
  return {
    service: options.service,
    logger: createAppLogger(options.logLevel, options.logDestination, { service: options.service }),
    metrics: new AppMetrics(),
    tracing: await Tracing.start({ service: options.service, endpoint: options.otlpEndpoint }),
  };
}
