import type { StoredEvent } from '../storage/log-storage.js';
import type { EventFilter } from './event-filter.js';
import { filterMatches } from './event-filter.js';
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
  for (; revision >= first && revision <= last; revision += step) {
    const event = engine.readEvent(stream.positionOf(revision));
    if (stream.isExpired(event.created, now)) continue;
    yield resolve(engine, event, resolveLinks);
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
  const step = direction === 'forwards' ? 1 : -1;
  for (let index = start; index >= 0 && index < all.length; index += step) {
    if (
      filter &&
      !filterMatches(filter, engine.catalog.byId(all.streamIdAt(index)).name, all.typeAt(index))
    ) {
      continue;
    }
    yield resolve(engine, engine.readEvent(all.positionAt(index)), resolveLinks);
  }
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
