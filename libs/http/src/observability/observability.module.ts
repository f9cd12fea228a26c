import { type DynamicModule, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { AppMetrics } from './app-metrics.js';
import { MetricsController } from './metrics.controller.js';
import type { Observability } from './observability.js';
import { Tracing } from './tracing.js';

/** Injection token of the app's pino logger. */
export const APP_LOGGER = Symbol('APP_LOGGER');

/**
 * The app's logger (`@Inject(APP_LOGGER)`), `AppMetrics` and `Tracing`, global, and `GET /metrics`.
 * Pending spans are sent when the app closes.
 */
@Module({})
export class ObservabilityModule implements OnApplicationShutdown {
  constructor(@Inject(Tracing) private readonly tracing: Tracing) {}

  static forRoot(observability: Observability): DynamicModule {
    return {
      module: ObservabilityModule,
      global: true,
      controllers: [MetricsController],
      providers: [
        { provide: APP_LOGGER, useValue: observability.logger },
        { provide: AppMetrics, useValue: observability.metrics },
        { provide: Tracing, useValue: observability.tracing },
      ],
      exports: [APP_LOGGER, AppMetrics, Tracing],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.tracing.shutdown();
  }
}
