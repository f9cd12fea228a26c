import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators.js';
import { READINESS_PROBES, type ReadinessProbe } from './readiness-probe.js';

@ApiTags('operations')
@Public()
@Controller()
export class HealthController {
  constructor(@Inject(READINESS_PROBES) private readonly probes: ReadinessProbe[]) {}

  @Get('health')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: every dependency answers (503 problem otherwise)' })
  async ready(): Promise<{ status: 'ready'; checks: Record<string, 'up'> }> {
    const results = await Promise.allSettled(this.probes.map((probe) => probe.check()));
    const down = this.probes.filter((_, i) => results[i]?.status === 'rejected').map((probe) => probe.name);
    if (down.length > 0) throw new ServiceUnavailableException(`Not ready: ${down.join(', ')} unreachable.`);
    return {
      status: 'ready',
      checks: Object.fromEntries(this.probes.map((probe) => [probe.name, 'up' as const])),
    };
  }
}
