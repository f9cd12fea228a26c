import { type DynamicModule, Module } from '@nestjs/common';
import { SettingsModule } from '@ledger/http';
import { CommandApiSettings, type Environment, validateCommandApiConfig } from './command-api.config.js';

/** The app's validated settings, injectable as `CommandApiSettings`. */
@Module({})
export class CommandApiConfigModule {
  static forRoot(env: Environment): DynamicModule {
    return SettingsModule.forRoot(CommandApiSettings, () => validateCommandApiConfig(env));
  }
}
