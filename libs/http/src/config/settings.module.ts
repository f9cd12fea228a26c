import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';

const SETTINGS_KEY = 'settings';

/** Hosts the settings module of every app: one ConfigModule per app, global. */
@Module({})
export class SettingsModule {
  /**
   * ConfigModule over an explicit environment (process.env in main.ts, a literal in tests), its
   * validated settings provided under their class. They sit under one key, so ConfigModule
   * copies nothing into process.env.
   */
  static forRoot<S extends object>(token: abstract new () => S, validate: () => S): DynamicModule {
    return {
      module: SettingsModule,
      global: true,
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: true,
          ignoreEnvVars: true,
          skipProcessEnv: true,
          validate: () => ({ [SETTINGS_KEY]: validate() }),
        }),
      ],
      providers: [
        {
          provide: token,
          inject: [ConfigService],
          useFactory: (c: ConfigService) => c.getOrThrow<S>(SETTINGS_KEY),
        },
      ],
      exports: [token],
    };
  }
}
