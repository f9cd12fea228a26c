import { type DynamicModule, Module } from '@nestjs/common';
import { SettingsModule } from '@ledger/http';
import { ConsoleSettings, type Environment, validateConsoleConfig } from './console.config.js';

/** The app's validated settings, injectable as `ConsoleSettings`. */
@Module({})
export class ConsoleConfigModule {
  static forRoot(env: Environment): DynamicModule {
    return SettingsModule.forRoot(ConsoleSettings, () => validateConsoleConfig(env));
  }
}
