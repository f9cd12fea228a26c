import { MongoModule, MongoReadinessProbe } from '@ledger/mongo';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuthModule, HealthModule, type Observability, ObservabilityModule } from '@ledger/http';
import { OwnerDailyTotals } from './analytics/daily-totals/owner-daily-totals.query.js';
import { type Environment, QueryApiSettings } from './config/query-api.config.js';
import { QueryApiConfigModule } from './config/query-api-config.module.js';
import { CheckpointWatch } from './consistency/checkpoint-watch.js';
import { ReadPositionInterceptor } from './consistency/read-position.interceptor.js';
import { ListResponder } from './exports/list-responder.js';
import { QueryMetrics } from './metrics/query-metrics.js';
import { PageCursors } from './pagination/page-cursor.js';
import { PageReader } from './pagination/page-reader.js';
import { PageSnapshots } from './pagination/page-snapshots.js';
import { QUERY_CONTROLLERS } from './query.slices.js';
import { CheckpointPositions } from './read-models/checkpoint-positions.js';
import { ReadModelCollections } from './read-models/read-model-collections.js';

@Module({})
export class AppModule {
  static forRoot(env: Environment, observability: Observability): DynamicModule {
    return {
      module: AppModule,
      imports: [
        QueryApiConfigModule.forRoot(env),
        ObservabilityModule.forRoot(observability),
        MongoModule.forRootAsync({
          inject: [QueryApiSettings],
          useFactory: (settings: QueryApiSettings) => ({
            uri: settings.mongoUri,
            database: settings.mongoDatabase,
          }),
        }),
        AuthModule.forRootAsync({
          inject: [QueryApiSettings],
          useFactory: (settings: QueryApiSettings) => settings.apiKeys,
        }),
        HealthModule.forRoot({ probes: [MongoReadinessProbe] }),
      ],
      controllers: [...QUERY_CONTROLLERS],
      providers: [
        ReadModelCollections,
        CheckpointPositions,
        CheckpointWatch,
        PageCursors,
        PageReader,
        PageSnapshots,
        ListResponder,
        QueryMetrics,
        OwnerDailyTotals,
        { provide: APP_INTERCEPTOR, useClass: ReadPositionInterceptor },
      ],
    };
  }
}
