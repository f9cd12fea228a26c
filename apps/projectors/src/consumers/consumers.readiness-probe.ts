import { Inject, Injectable } from '@nestjs/common';
import { ConsumerHost } from '@ledger/consumers';
import { ReadinessProbe } from '@ledger/http';

/** Not ready only when a consumer is stalled, dead or unowned: lag alone never fails it. */
@Injectable()
export class ConsumersReadinessProbe extends ReadinessProbe {
  readonly name = 'consumers';

  constructor(@Inject(ConsumerHost) private readonly host: ConsumerHost) {
    super();
  }

  async check(): Promise<void> {
    const health = await this.host.health();
    if (!health.ready) throw new Error(health.problems.join('; '));
  }
}
