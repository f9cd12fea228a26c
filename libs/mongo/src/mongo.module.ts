import {
  type DynamicModule,
  Inject,
  type InjectionToken,
  Logger,
  Module,
  type ModuleMetadata,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Db, MongoClient } from 'mongodb';
import { MongoReadinessProbe } from './mongo.readiness-probe.js';

export type MongoModuleOptions = { uri: string; database: string };

export type MongoModuleAsyncOptions = Pick<ModuleMetadata, 'imports'> & {
  inject?: InjectionToken[];
  useFactory: (...args: never[]) => MongoModuleOptions;
};

const MONGO_OPTIONS = Symbol('MONGO_OPTIONS');

/**
 * The official MongoDB client and the ledger's database, for every app that reads or writes read
 * models. Connected lazily by the driver, so the app starts while MongoDB is down and /ready says
 * so; closed when the app shuts down, after module-destroy hooks (the projectors' consumers save
 * their checkpoints there) and requests in flight are done.
 */
@Module({})
export class MongoModule implements OnApplicationShutdown {
  constructor(@Inject(MongoClient) private readonly client: MongoClient) {}

  static forRootAsync(options: MongoModuleAsyncOptions): DynamicModule {
    return {
      module: MongoModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        { provide: MONGO_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
        {
          provide: MongoClient,
          inject: [MONGO_OPTIONS],
          // A short server selection makes an outage fail fast (readiness) instead of hanging 30 s.
          useFactory: (o: MongoModuleOptions) => new MongoClient(o.uri, { serverSelectionTimeoutMS: 5_000 }),
        },
        {
          provide: Db,
          inject: [MongoClient, MONGO_OPTIONS],
          useFactory: (client: MongoClient, o: MongoModuleOptions) => client.db(o.database),
        },
        MongoReadinessProbe,
      ],
      exports: [MongoClient, Db, MongoReadinessProbe],
    };
  }

  async onApplicationShutdown(signal?: string): Promise<void> {
    await this.client.close();
    new Logger('MongoDB').log({ msg: 'mongodb client closed', signal });
  }
}
