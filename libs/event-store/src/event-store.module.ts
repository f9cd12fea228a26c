import { EventStoreDBClient } from '@eventstore/db-client';
import {
  type DynamicModule,
  Inject,
  Logger,
  type InjectionToken,
  Module,
  type ModuleMetadata,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { CommandPipeline } from './command-pipeline/command-pipeline.service.js';
import {
  type CommandPipelineOptions,
  DEFAULT_COMMAND_PIPELINE_OPTIONS,
} from './command-pipeline/command-pipeline.options.js';
import { EVENT_STORE_OPTIONS, type EventStoreModuleOptions } from './event-store.options.js';
import { EventStoreReadinessProbe } from './event-store.readiness-probe.js';
import { EsdbEventStreamStore } from './streams/esdb-event-stream-store.adapter.js';
import { EventStreamStore } from './streams/event-stream-store.port.js';

export type EventStoreModuleAsyncOptions = Pick<ModuleMetadata, 'imports'> & {
  inject?: InjectionToken[];
  useFactory: (...args: never[]) => EventStoreModuleOptions | Promise<EventStoreModuleOptions>;
};

/** The EventStoreDB client, the stream store adapter and the command pipeline. */
@Module({})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EventStoreDBClient) private readonly client: EventStoreDBClient) {}

  static forRootAsync(options: EventStoreModuleAsyncOptions): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        { provide: EVENT_STORE_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
        {
          provide: EventStoreDBClient,
          inject: [EVENT_STORE_OPTIONS],
          useFactory: (o: EventStoreModuleOptions) => EventStoreDBClient.connectionString(o.connectionString),
        },
        { provide: EventStreamStore, useClass: EsdbEventStreamStore },
        {
          provide: CommandPipeline,
          inject: [EventStreamStore, EVENT_STORE_OPTIONS],
          useFactory: (store: EventStreamStore, o: EventStoreModuleOptions) =>
            new CommandPipeline(store, { ...DEFAULT_COMMAND_PIPELINE_OPTIONS, ...definedOnly(o) }),
        },
        EventStoreReadinessProbe,
      ],
      exports: [EventStoreDBClient, EventStreamStore, CommandPipeline, EventStoreReadinessProbe],
    };
  }

  async onApplicationShutdown(signal?: string): Promise<void> {
    await this.client.dispose();
    new Logger('EventStore').log({ msg: 'event store client closed', signal });
  }
}

function definedOnly(options: EventStoreModuleOptions): Partial<CommandPipelineOptions> {
  const { connectionString: _connectionString, ...pipeline } = options;
  return Object.fromEntries(Object.entries(pipeline).filter(([, value]) => value !== undefined));
}
