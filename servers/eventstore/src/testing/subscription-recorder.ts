import type { ResolvedEvent } from '@eventstore/db-client';
import type { EventEmitter } from 'node:events';

export type Observed =
  | { kind: 'event'; streamId: string; type: string; revision: bigint; position: bigint | undefined }
  | { kind: 'confirmation' }
  | { kind: 'caughtUp' }
  | { kind: 'checkpoint'; position: bigint };

/** Records what a subscription delivers, in order, for assertions. */
export class SubscriptionRecorder {
  readonly seen: Observed[] = [];
  error: unknown;

  constructor(subscription?: EventEmitter) {
    if (subscription) this.attach(subscription);
  }

  attach(subscription: EventEmitter): void {
    subscription.on('data', (resolved: ResolvedEvent) => {
      const event = resolved.event!;
      this.seen.push({
        kind: 'event',
        streamId: event.streamId,
        type: event.type,
        revision: event.revision,
        position: resolved.commitPosition,
      });
    });
    subscription.on('confirmation', () => this.seen.push({ kind: 'confirmation' }));
    subscription.on('caughtUp', () => this.seen.push({ kind: 'caughtUp' }));
    subscription.on('error', (error) => {
      this.error = error;
    });
  }

  /** For `checkpointReached` of a filter. */
  readonly onCheckpoint = (_subscription: unknown, position: { commit: bigint }): Promise<void> => {
    this.seen.push({ kind: 'checkpoint', position: position.commit });
    return Promise.resolve();
  };

  get events(): Extract<Observed, { kind: 'event' }>[] {
    return this.seen.filter((item): item is Extract<Observed, { kind: 'event' }> => item.kind === 'event');
  }

  get caughtUp(): boolean {
    return this.seen.some((item) => item.kind === 'caughtUp');
  }

  get types(): string[] {
    return this.events.map((event) => event.type);
  }
}
