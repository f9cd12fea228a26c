import type { ConsumedEvent, Message } from './consumed-event.js';
import { type EventHandler, type HandleContext, PartialBatchError } from './consumer-definition.js';

type Of<E extends Message, T extends E['type']> = Extract<E, { type: T }>;

export interface EventByEventSpec<E extends Message, T extends E['type']> {
  handles: readonly T[];
  ignores?: ReadonlyArray<E['type']>;
  /** One event, in log order; must be idempotent (a replay after a crash calls it again). */
  handle(event: ConsumedEvent<Of<E, T>>, context: HandleContext): Promise<void>;
  isTransient?(error: unknown): boolean;
}

/**
 * A handler with side effects per event, such as the transfer workflow appending commands: each
 * event of a batch in turn. When one fails, the engine goes on event by event after the ones that
 * took effect; still, a crash before the checkpoint replays them, so its idempotency is its own
 * (e.g. the triggering event's id as the command's idempotency key).
 */
export function eventByEvent<E extends Message, T extends E['type'] = E['type']>(
  spec: EventByEventSpec<E, T>,
): EventHandler<E> {
  return {
    handles: new Set<string>(spec.handles),
    ignores: new Set<string>(spec.ignores ?? []),
    async handle(events, context) {
      for (const [applied, event] of events.entries()) {
        try {
          await spec.handle(event as unknown as ConsumedEvent<Of<E, T>>, context);
        } catch (error) {
          // An outage is waited out on the whole batch; anything else resumes after what took effect.
          if (applied === 0 || spec.isTransient?.(error)) throw error;
          throw new PartialBatchError(applied, error);
        }
      }
    },
    ...(spec.isTransient ? { isTransient: (error: unknown) => spec.isTransient!(error) } : {}),
  };
}
