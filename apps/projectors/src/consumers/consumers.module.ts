import { EventStoreDBClient } from '@eventstore/db-client';
import {
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { ConsumerHost } from '@ledger/consumers';
import type { LedgerEvent } from '@ledger/domain';
import { CommandPipeline } from '@ledger/event-store';
import { APP_LOGGER, Tracing } from '@ledger/http';
import { Db } from 'mongodb';
import { ProjectorsSettings } from '../config/projectors.config.js';
import { type ConsumerRegistration, PROJECTOR_CONSUMERS } from '../projector-consumers.js';
import { createConsumerHost } from './consumer-host.factory.js';
import { ConsumersReadinessProbe } from './consumers.readiness-probe.js';

/**
 * The consumer host over `$all` and MongoDB: started once the app is up, stopped on module
 * destroy, before the clients close on shutdown, so checkpoints are saved and leases handed back.
 */
@Module({})
export class ConsumersModule implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(@Inject(ConsumerHost) private readonly host: ConsumerHost<LedgerEvent>) {}

  static forRoot(registration: ConsumerRegistration): DynamicModule {
    return {
      module: ConsumersModule,
      providers: [
        {
          provide: PROJECTOR_CONSUMERS,
          inject: [Db, EventStoreDBClient, CommandPipeline, ProjectorsSettings],
          useFactory: (
            db: Db,
            client: EventStoreDBClient,
            pipeline: CommandPipeline,
            settings: ProjectorsSettings,
          ) => registration({ db, client, pipeline, settings }),
        },
        {
          provide: ConsumerHost,
          inject: [PROJECTOR_CONSUMERS, Db, EventStoreDBClient, ProjectorsSettings, APP_LOGGER, Tracing],
          useFactory: createConsumerHost,
        },
        ConsumersReadinessProbe,
      ],
      exports: [ConsumerHost, ConsumersReadinessProbe, PROJECTOR_CONSUMERS],
    };
  }

  onApplicationBootstrap(): void {
    this.host.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.host.stop();
  }
}
