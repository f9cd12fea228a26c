import type { StoredEvent } from '../storage/log-storage.js';
import { AllIndexFilter } from './all-index-filter.js';
import type { EventFilter } from './event-filter.js';
import type { EventStoreEngine } from './event-store-engine.js';
import type { StreamState } from './stream-state.js';

export const LINK_EVENT_TYPE = '$>';

/** An event as a read returns it: the link, when one was followed, and its `$all` position. */
export interface ResolvedEvent {
  event: StoredEvent;
  link: StoredEvent | undefined;
  position: bigint;
}

export type Direction = 'forwards' | 'backwards';

/**
 * Bounded reads fetch events in batches (LogStorage.readMany: neighbouring records in one read),
 * growing from the first to the last size, so that a short read reads little ahead.
 */
const FIRST_BATCH = 16;
const LAST_BATCH = 256;

/** Visible events of a stream (after `$tb`, `$maxCount`, `$maxAge`), from `from` inclusive. */
export function* readStreamEvents(
  engine: EventStoreEngine,
  stream: StreamState,
  from: bigint | 'start' | 'end',
  direction: Direction,
  resolveLinks: boolean,
): Generator<ResolvedEvent> {
  const first = stream.firstVisibleRevision();
  const last = stream.positions.length - 1;
  const now = engine.clock();
  const start =
    from === 'start' ? 0 : from === 'end' ? last + (direction === 'forwards' ? 1 : 0) : clampRevision(from);
  const step = direction === 'forwards' ? 1 : -1;
  let revision = direction === 'forwards' ? Math.max(start, first) : Math.min(start, last);
  const batch: number[] = [];
  for (let size = FIRST_BATCH; revision >= first && revision <= last; size = Math.min(2 * size, LAST_BATCH)) {
    batch.length = 0;
    for (; revision >= first && revision <= last && batch.length < size; revision += step) {
      batch.push(stream.positions.at(revision));
    }
    for (const event of readInLogOrder(engine, batch)) {
      if (stream.isExpired(event.created, now)) continue;
      yield resolve(engine, event, resolveLinks);
    }
  }
}

/** `$all` from index `start` (see `AllIndex.seek`), optionally filtered. */
export function* readAllEvents(
  engine: EventStoreEngine,
  start: number,
  direction: Direction,
  filter: EventFilter | undefined,
  resolveLinks: boolean,
): Generator<ResolvedEvent> {
  const all = engine.catalog.all;
  const verdicts = filter ? new AllIndexFilter(filter, engine.catalog) : undefined;
  const step = direction === 'forwards' ? 1 : -1;
  const batch: number[] = [];
  let index = start;
  for (let size = FIRST_BATCH; index >= 0 && index < all.length; size = Math.min(2 * size, LAST_BATCH)) {
    batch.length = 0;
    for (; index >= 0 && index < all.length && batch.length < size; index += step) {
      if (!verdicts || verdicts.matches(index)) batch.push(all.logPositionAt(index));
    }
    for (const event of readInLogOrder(engine, batch)) yield resolve(engine, event, resolveLinks);
  }
}

/** The events at `positions`, ascending or descending, in that order. */
function readInLogOrder(engine: EventStoreEngine, positions: number[]): StoredEvent[] {
  if (positions.length < 2 || positions[0]! < positions[1]!) return engine.readEvents(positions);
  return engine.readEvents(positions.slice().reverse()).reverse();
}

/** Follows a `$>` link (data `revision@stream`); a dangling link is returned as itself. */
export function resolve(engine: EventStoreEngine, event: StoredEvent, resolveLinks: boolean): ResolvedEvent {
  const unresolved = { event, link: undefined, position: event.position };
  if (!resolveLinks || event.type !== LINK_EVENT_TYPE) return unresolved;
  const text = Buffer.from(event.data).toString('utf8');
  const at = text.indexOf('@');
  const revision = Number(text.slice(0, at));
  const targetName = text.slice(at + 1);
  const target = engine.catalog.get(targetName);
  if (at < 1 || !Number.isSafeInteger(revision) || !target?.readable) return unresolved;
  if (engine.catalog.isTombstoned(targetName)) return unresolved;
  if (revision < target.firstVisibleRevision() || revision >= target.positions.length) return unresolved;
  const resolved = engine.readEvent(target.positionOf(revision));
  if (target.isExpired(resolved.created, engine.clock())) return unresolved;
  return { event: resolved, link: event, position: event.position };
}

function clampRevision(revision: bigint): number {
  return revision > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(revision);
}
