import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { CommandApiSettings, type Environment, validateCommandApiConfig } from './command-api.config.js';

const SETTINGS_KEY = 'commandApi';

/**
 * ConfigModule over an explicit environment (process.env in main.ts, a literal in tests).
 * The validated settings sit under one key, so ConfigModule copies nothing into process.env.
 */
@Module({})
export class CommandApiConfigModule {
  static forRoot(env: Environment): DynamicModule {
    return {
      module: CommandApiConfigModule,
      global: true,
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: true,
          ignoreEnvVars: true,
          skipProcessEnv: true,
          validate: () => ({ [SETTINGS_KEY]: validateCommandApiConfig(env) }),
        }),
      ],
      providers: [
        {
          provide: CommandApiSettings,
          inject: [ConfigService],
          useFactory: (config: ConfigService) => config.getOrThrow<CommandApiSettings>(SETTINGS_KEY),
        },
      ],
      exports: [CommandApiSettings],
    };
  }
}
