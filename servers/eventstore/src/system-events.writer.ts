import { randomUUID } from 'node:crypto';
import type { EventStoreEngine } from './engine/event-store-engine.js';
import type { ProposedEvent } from './engine/outcomes.js';

/**
 * Writes system events (types and streams starting with `$`) as a real node does: settings at
 * first start, statistics periodically. Consumers of `$all` must filter them out, here as there.
 */
export class SystemEventsWriter {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly engine: EventStoreEngine,
    private readonly statsStream: string,
    private readonly log: (line: string) => void,
  ) {}

  async writeInitial(): Promise<void> {
    if (this.engine.catalog.get('$settings')?.hasEvents) return;
    await this.engine.append('$settings', { kind: 'no_stream' }, [
      systemEvent('$settings', {
        $userStreamAcl: { $r: '$all', $w: '$all' },
        $systemStreamAcl: { $r: '$admins' },
      }),
    ]);
  }

  /** Every `intervalMs` a `$statsCollected` event; 0 turns them off. */
  startStats(intervalMs: number): void {
    if (intervalMs <= 0) return;
    this.timer = setInterval(() => {
      const stats = { 'proc-mem': process.memoryUsage().rss, 'proc-uptime': process.uptime() };
      this.engine
        .append(this.statsStream, { kind: 'any' }, [systemEvent('$statsCollected', stats)])
        .catch((error: unknown) => this.log(`writing statistics failed: ${String(error)}`));
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

function systemEvent(type: string, data: unknown): ProposedEvent {
  return {
    eventId: randomUUID(),
    type,
    contentType: 'application/json',
    data: Buffer.from(JSON.stringify(data), 'utf8'),
    metadata: new Uint8Array(),
  };
}
