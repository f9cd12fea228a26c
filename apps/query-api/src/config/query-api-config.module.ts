import { type DynamicModule, Module } from '@nestjs/common';
import { SettingsModule } from '@ledger/http';
import { QueryApiSettings, type Environment, validateQueryApiConfig } from './query-api.config.js';

/** The app's validated settings, injectable as `QueryApiSettings`. */
@Module({})
export class QueryApiConfigModule {
  static forRoot(env: Environment): DynamicModule {
    return SettingsModule.forRoot(QueryApiSettings, () => validateQueryApiConfig(env));
  }
}
