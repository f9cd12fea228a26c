import { createHash } from 'node:crypto';
import { Binary, type Document } from 'bson';
import { indexKey } from '../bson/bson-value.js';

/** MongoDB's `uid` for a session without an authenticated user: SHA-256 of the empty name. */
const ANONYMOUS_UID = new Binary(createHash('sha256').update('').digest(), 0);
/** Sessions kept at most; the least recently used go first, as a cache of sessions does. */
const MAX_SESSIONS = 10_000;

/**
 * Logical sessions this server has seen (`lsid` on commands), for `$listLocalSessions`.
 * Bounded; an ended session is forgotten, and one idle past the timeout is not listed.
 */
export class SessionRegistry {
  private readonly sessions = new Map<string, { id: unknown; lastUse: Date }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly timeoutMs = 30 * 60 * 1000,
  ) {}

  touch(lsid: unknown): void {
    const id = (lsid as Document | null)?.id;
    if (id === undefined) return;
    const key = indexKey(id);
    this.sessions.delete(key); // re-inserted last: the map stays in order of use
    this.sessions.set(key, { id, lastUse: new Date(this.now()) });
    if (this.sessions.size > MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
  }

  end(lsids: unknown): void {
    if (!Array.isArray(lsids)) return;
    for (const lsid of lsids) {
      const id = (lsid as Document | null)?.id;
      if (id !== undefined) this.sessions.delete(indexKey(id));
    }
  }

  /** `$listLocalSessions`' documents: `{ _id: { id, uid }, lastUse }`. */
  list(): Document[] {
    const cutoff = this.now() - this.timeoutMs;
    return [...this.sessions.values()]
      .filter((s) => s.lastUse.getTime() >= cutoff)
      .map((s) => ({ _id: { id: s.id, uid: ANONYMOUS_UID }, lastUse: s.lastUse }));
  }
}
