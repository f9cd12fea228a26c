import { type DynamicModule, type InjectionToken, Module, type ModuleMetadata } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyGuard } from './api-key.guard.js';
import { ApiKeyRegistry } from './api-key.registry.js';
import type { ApiKeyEntry } from './api-keys.js';

export type AuthModuleAsyncOptions = Pick<ModuleMetadata, 'imports'> & {
  inject?: InjectionToken[];
  useFactory: (...args: never[]) => ApiKeyEntry[] | Promise<ApiKeyEntry[]>;
};

/** Installs the API-key guard for every route of the app (opt out with @Public()). */
@Module({})
export class AuthModule {
  static forRootAsync(options: AuthModuleAsyncOptions): DynamicModule {
    return {
      module: AuthModule,
      imports: options.imports ?? [],
      providers: [
        {
          provide: ApiKeyRegistry,
          inject: options.inject ?? [],
          useFactory: async (...args: never[]) => new ApiKeyRegistry(await options.useFactory(...args)),
        },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
      ],
      exports: [ApiKeyRegistry],
    };
  }
}
