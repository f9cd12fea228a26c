import { type DynamicModule, Module } from '@nestjs/common';
import { SettingsModule } from '@ledger/http';
import { ProjectorsSettings, type Environment, validateProjectorsConfig } from './projectors.config.js';

/** The app's validated settings, injectable as `ProjectorsSettings`. */
@Module({})
export class ProjectorsConfigModule {
  static forRoot(env: Environment): DynamicModule {
    return SettingsModule.forRoot(ProjectorsSettings, () => validateProjectorsConfig(env));
  }
}
