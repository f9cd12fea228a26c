import { MongoModule, MongoReadinessProbe } from '@ledger/mongo';
import { type DynamicModule, Module } from '@nestjs/common';
import { EventStoreModule } from '@ledger/event-store';
import { AuthModule, HealthModule } from '@ledger/http';
import { type Environment, ProjectorsSettings } from './config/projectors.config.js';
import { ProjectorsConfigModule } from './config/projectors-config.module.js';
import { ConsumersModule } from './consumers/consumers.module.js';
import { ConsumersReadinessProbe } from './consumers/consumers.readiness-probe.js';
import { ConsumerMetrics } from './metrics/consumer-metrics.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { ParkedEventsController } from './parked/parked-events.controller.js';
import { type ConsumerRegistration, projectorConsumers } from './projector-consumers.js';
import { RebuildsController } from './rebuilds/rebuilds.controller.js';
import { RebuildsService } from './rebuilds/rebuilds.service.js';
import { StatusController } from './status/status.controller.js';

/** What tests may replace; production passes nothing. */
export type ProjectorsOptions = { consumers?: ConsumerRegistration };

@Module({})
export class AppModule {
  static forRoot(env: Environment, options: ProjectorsOptions = {}): DynamicModule {
    const consumers = ConsumersModule.forRoot(options.consumers ?? projectorConsumers);
    return {
      module: AppModule,
      imports: [
        ProjectorsConfigModule.forRoot(env),
        // The client for the `$all` subscriptions, and the command pipeline for the transfer workflow.
        EventStoreModule.forRootAsync({
          inject: [ProjectorsSettings],
          useFactory: (settings: ProjectorsSettings) => ({
            connectionString: settings.eventStoreConnectionString,
          }),
        }),
        MongoModule.forRootAsync({
          inject: [ProjectorsSettings],
          useFactory: (settings: ProjectorsSettings) => ({
            uri: settings.mongoUri,
            database: settings.mongoDatabase,
          }),
        }),
        consumers,
        AuthModule.forRootAsync({
          inject: [ProjectorsSettings],
          useFactory: (settings: ProjectorsSettings) => settings.apiKeys,
        }),
        HealthModule.forRoot({
          imports: [consumers],
          probes: [MongoReadinessProbe, ConsumersReadinessProbe],
        }),
      ],
      controllers: [StatusController, MetricsController, ParkedEventsController, RebuildsController],
      providers: [ConsumerMetrics, RebuildsService],
    };
  }
}
