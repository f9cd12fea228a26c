import { type DynamicModule, Module, type ModuleMetadata, type Type } from '@nestjs/common';
import { HealthController } from './health.controller.js';
import { READINESS_PROBES, type ReadinessProbe } from './readiness-probe.js';

export type HealthModuleOptions = Pick<ModuleMetadata, 'imports'> & {
  /** Probe classes, resolved from `imports` (the module that owns the client exports them). */
  probes: Type<ReadinessProbe>[];
};

/** GET /health (liveness) and GET /ready (every probe answers), both without a key. */
@Module({})
export class HealthModule {
  static forRoot(options: HealthModuleOptions): DynamicModule {
    return {
      module: HealthModule,
      imports: options.imports ?? [],
      controllers: [HealthController],
      providers: [
        {
          provide: READINESS_PROBES,
          inject: options.probes,
          useFactory: (...probes: ReadinessProbe[]) => probes,
        },
      ],
    };
  }
}
