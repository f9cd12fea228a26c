import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { QueryApiSettings, type Environment, validateQueryApiConfig } from './query-api.config.js';

const SETTINGS_KEY = 'query-api';

/**
 * ConfigModule over an explicit environment (process.env in main.ts, a literal in tests).
 * The validated settings sit under one key, so ConfigModule copies nothing into process.env.
 */
@Module({})
export class QueryApiConfigModule {
  static forRoot(env: Environment): DynamicModule {
    return {
      module: QueryApiConfigModule,
      global: true,
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: true,
          ignoreEnvVars: true,
          skipProcessEnv: true,
          validate: () => ({ [SETTINGS_KEY]: validateQueryApiConfig(env) }),
        }),
      ],
      providers: [
        {
          provide: QueryApiSettings,
          inject: [ConfigService],
          useFactory: (config: ConfigService) => config.getOrThrow<QueryApiSettings>(SETTINGS_KEY),
        },
      ],
      exports: [QueryApiSettings],
    };
  }
}
