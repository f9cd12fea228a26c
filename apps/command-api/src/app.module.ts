import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EventStoreModule, EventStoreReadinessProbe } from '@ledger/event-store';
import { AuthModule, HealthModule } from '@ledger/http';
import { ACCOUNT_COMMAND_HANDLERS, ACCOUNT_CONTROLLERS } from './accounts/account.slices.js';
import { Clock, SystemClock } from './commands/clock.js';
import { CommandContextFactory } from './commands/command-context.factory.js';
import { CommandApiSettings, type Environment } from './config/command-api.config.js';
import { CommandApiConfigModule } from './config/command-api-config.module.js';
import { TRANSFER_COMMAND_HANDLERS, TRANSFER_CONTROLLERS } from './transfers/transfer.slices.js';

@Module({})
export class AppModule {
  static forRoot(env: Environment): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CommandApiConfigModule.forRoot(env),
        CqrsModule.forRoot(),
        EventStoreModule.forRootAsync({
          inject: [CommandApiSettings],
          useFactory: (settings: CommandApiSettings) => ({
            connectionString: settings.eventStoreConnectionString,
            aggregateCacheWeight: settings.aggregateCacheWeight,
          }),
        }),
        AuthModule.forRootAsync({
          inject: [CommandApiSettings],
          useFactory: (settings: CommandApiSettings) => settings.apiKeys,
        }),
        HealthModule.forRoot({ probes: [EventStoreReadinessProbe] }),
      ],
      controllers: [...ACCOUNT_CONTROLLERS, ...TRANSFER_CONTROLLERS],
      providers: [
        { provide: Clock, useClass: SystemClock },
        CommandContextFactory,
        ...ACCOUNT_COMMAND_HANDLERS,
        ...TRANSFER_COMMAND_HANDLERS,
      ],
    };
  }
}
