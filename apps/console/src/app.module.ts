import { type DynamicModule, Module } from '@nestjs/common';
import { EventStoreModule, EventStoreReadinessProbe } from '@ledger/event-store';
import { AuthModule, HealthModule, type Observability, ObservabilityModule } from '@ledger/http';
import { ConsoleSettings, type Environment } from './config/console.config.js';
import { ConsoleConfigModule } from './config/console-config.module.js';
import { CorrelationsController } from './correlations/correlations.controller.js';
import { FeedController } from './feed/feed.controller.js';
import { OperationsController } from './operations/operations.controller.js';
import { ProjectorsProxy } from './operations/projectors.proxy.js';
import { PAGE_FILES, PageController } from './page/page.controller.js';
import { readPageFiles } from './page/page-files.js';
import { StreamsController } from './streams/streams.controller.js';

/** The console: reads the event store, passes operator calls to the projectors, serves the page. */
@Module({})
export class AppModule {
  static forRoot(env: Environment, observability: Observability): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConsoleConfigModule.forRoot(env),
        ObservabilityModule.forRoot(observability),
        EventStoreModule.forRootAsync({
          inject: [ConsoleSettings],
          useFactory: (settings: ConsoleSettings) => ({
            connectionString: settings.eventStoreConnectionString,
          }),
        }),
        AuthModule.forRootAsync({
          inject: [ConsoleSettings],
          useFactory: (settings: ConsoleSettings) => settings.apiKeys,
        }),
        HealthModule.forRoot({ probes: [EventStoreReadinessProbe] }),
      ],
      controllers: [
        StreamsController,
        CorrelationsController,
        FeedController,
        OperationsController,
        PageController,
      ],
      providers: [ProjectorsProxy, { provide: PAGE_FILES, useFactory: () => readPageFiles() }],
    };
  }
}
