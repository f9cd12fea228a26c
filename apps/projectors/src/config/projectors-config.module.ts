import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { ProjectorsSettings, type Environment, validateProjectorsConfig } from './projectors.config.js';

const SETTINGS_KEY = 'projectors';

/**
 * ConfigModule over an explicit environment (process.env in main.ts, a literal in tests).
 * The validated settings sit under one key, so ConfigModule copies nothing into process.env.
 */
@Module({})
export class ProjectorsConfigModule {
  static forRoot(env: Environment): DynamicModule {
    return {
      module: ProjectorsConfigModule,
      global: true,
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: true,
          ignoreEnvVars: true,
          skipProcessEnv: true,
          validate: () => ({ [SETTINGS_KEY]: validateProjectorsConfig(env) }),
        }),
      ],
      providers: [
        {
          provide: ProjectorsSettings,
          inject: [ConfigService],
          useFactory: (config: ConfigService) => config.getOrThrow<ProjectorsSettings>(SETTINGS_KEY),
        },
      ],
      exports: [ProjectorsSettings],
    };
  }
}
