import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EventStoreModule, EventStoreReadinessProbe } from '@ledger/event-store';
import { AppMetrics, AuthModule, HealthModule, type Observability, ObservabilityModule } from '@ledger/http';
import type { DestinationStream } from 'pino';
import { ACCOUNT_COMMAND_HANDLERS, ACCOUNT_CONTROLLERS } from './accounts/account.slices.js';
import { Clock, ClockModule } from './commands/clock.js';
import { AsyncApiController } from './contracts/asyncapi.controller.js';
import { CommandContextFactory } from './commands/command-context.factory.js';
import { appendLatencyRecorder } from './commands/command-metrics.js';
import { CommandApiSettings, type Environment } from './config/command-api.config.js';
import { CommandApiConfigModule } from './config/command-api-config.module.js';
import { TRANSFER_COMMAND_HANDLERS, TRANSFER_CONTROLLERS } from './transfers/transfer.slices.js';

/** What tests may replace; production passes nothing. */
export type CommandApiOptions = { clock?: Clock; logDestination?: DestinationStream };

@Module({})
export class AppModule {
  static forRoot(env: Environment, options: CommandApiOptions, observability: Observability): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CommandApiConfigModule.forRoot(env),
        ObservabilityModule.forRoot(observability),
        ClockModule.forRoot(options.clock),
        CqrsModule.forRoot(),
        EventStoreModule.forRootAsync({
          inject: [CommandApiSettings, Clock, AppMetrics],
          useFactory: (settings: CommandApiSettings, clock: Clock, metrics: AppMetrics) => ({
            connectionString: settings.eventStoreConnectionString,
            aggregateCacheBytes: settings.aggregateCacheBytes,
            snapshotThreshold: settings.snapshotThreshold,
            idempotencyWindowMs: settings.idempotencyWindowMs,
            maxKeysPerStream: settings.maxKeysPerStream,
            maxQueuedPerStream: settings.maxQueuedPerStream,
            // The idempotency window and the events' times read the same clock.
            now: () => clock.now().getTime(),
            onAppend: appendLatencyRecorder(metrics),
          }),
        }),
        AuthModule.forRootAsync({
          inject: [CommandApiSettings],
          useFactory: (settings: CommandApiSettings) => settings.apiKeys,
        }),
        HealthModule.forRoot({ probes: [EventStoreReadinessProbe] }),
      ],
      controllers: [...ACCOUNT_CONTROLLERS, ...TRANSFER_CONTROLLERS, AsyncApiController],
      providers: [CommandContextFactory, ...ACCOUNT_COMMAND_HANDLERS, ...TRANSFER_COMMAND_HANDLERS],
    };
  }
}
