/** Marks a ring slot that holds no id. */
const FREE = -1;

/**
 * Recent event ids (stream and revision), so an `any`/`stream_exists` append retried by a client
 * is recognised without scanning the stream. Bounded: the oldest ids are forgotten first.
 *
 * Ids are UUIDs (the gRPC layer accepts nothing else), kept as their 16 bytes in a ring of typed
 * arrays with an open-addressing hash table beside it: ~40 bytes an id and no object per id, so
 * that the stream of appends leaves no garbage behind (a Map of strings cost ~100 bytes an id
 * and churned the old generation). An id that is not a lower-case UUID is not remembered.
 */
export class IdempotencyCache {
  /** The ring: 4 words of each id's UUID, its stream (FREE when empty) and revision. */
  private readonly words: Uint32Array;
  private readonly streamIds: Int32Array;
  private readonly revisions: Float64Array;
  /** Linear probing from an id's hash to its ring slot + 1; 0 is an empty bucket. */
  private readonly table: Uint32Array;
  private readonly mask: number;
  private readonly key = new Uint32Array(4);
  private next = 0;
  /** While recovering, only the ring is written; the table is built once at the end. */
  private deferred = false;

  constructor(private readonly capacity = 100_000) {
    this.words = new Uint32Array(4 * capacity);
    this.streamIds = new Int32Array(capacity).fill(FREE);
    this.revisions = new Float64Array(capacity);
    let buckets = 2;
    while (buckets < 2 * capacity) buckets *= 2;
    this.table = new Uint32Array(buckets);
    this.mask = buckets - 1;
  }

  remember(eventId: string, streamId: number, revision: number): void {
    if (!parseUuid(eventId, this.key)) return;
    const slot = this.next;
    if (!this.deferred) {
      const previous = this.find(this.key);
      if (previous !== undefined) this.release(previous);
      if (this.streamIds[slot] !== FREE) this.release(slot);
    }
    this.setWords(slot, this.key);
    this.streamIds[slot] = streamId;
    this.revisions[slot] = revision;
    if (!this.deferred) this.insert(slot);
    this.next = slot + 1 === this.capacity ? 0 : slot + 1;
  }

  /** The revision at which this stream stored `eventId`, if still remembered. */
  revisionOf(eventId: string, streamId: number): number | undefined {
    if (this.deferred || !parseUuid(eventId, this.key)) return undefined;
    const slot = this.find(this.key);
    return slot !== undefined && this.streamIds[slot] === streamId ? this.revisions[slot] : undefined;
  }

  /**
   * Recovery passes every event of the log through `remember`, yet only the last `capacity`
   * survive: between these calls only the ring is written, and the table is built from it at the end.
   */
  deferIndexing(): void {
    this.deferred = true;
  }

  finishIndexing(): void {
    this.deferred = false;
    this.table.fill(0);
    for (let i = 0; i < this.capacity; i++) {
      const slot = (this.next + i) % this.capacity; // oldest first, so the latest slot of an id wins
      if (this.streamIds[slot] === FREE) continue;
      for (let w = 0; w < 4; w++) this.key[w] = this.words[4 * slot + w]!;
      const previous = this.find(this.key);
      if (previous !== undefined) this.release(previous);
      this.insert(slot);
    }
  }

  private setWords(slot: number, key: Uint32Array): void {
    const at = 4 * slot;
    this.words[at] = key[0]!;
    this.words[at + 1] = key[1]!;
    this.words[at + 2] = key[2]!;
    this.words[at + 3] = key[3]!;
  }

  /** The ring slot holding `key`, if any. */
  private find(key: Uint32Array): number | undefined {
    for (let bucket = this.home(key[0]!, key[1]!, key[2]!, key[3]!); ; bucket = (bucket + 1) & this.mask) {
      const entry = this.table[bucket]!;
      if (entry === 0) return undefined;
      const at = 4 * (entry - 1);
      const w = this.words;
      if (w[at] === key[0] && w[at + 1] === key[1] && w[at + 2] === key[2] && w[at + 3] === key[3]) {
        return entry - 1;
      }
    }
  }

  private insert(slot: number): void {
    let bucket = this.homeOfSlot(slot);
    while (this.table[bucket] !== 0) bucket = (bucket + 1) & this.mask;
    this.table[bucket] = slot + 1;
  }

  /** Forgets the id in `slot`: empties its bucket, shifting back the entries probed past it. */
  private release(slot: number): void {
    let hole = this.homeOfSlot(slot);
    while (this.table[hole] !== slot + 1) hole = (hole + 1) & this.mask;
    for (let bucket = (hole + 1) & this.mask; this.table[bucket] !== 0; bucket = (bucket + 1) & this.mask) {
      const home = this.homeOfSlot(this.table[bucket]! - 1);
      // The entry may move into the hole only if its home is not cyclically within (hole, bucket].
      const stays = hole <= bucket ? hole < home && home <= bucket : hole < home || home <= bucket;
      if (stays) continue;
      this.table[hole] = this.table[bucket]!;
      hole = bucket;
    }
    this.table[hole] = 0;
    this.streamIds[slot] = FREE;
  }

  private homeOfSlot(slot: number): number {
    const w = this.words;
    return this.home(w[4 * slot]!, w[4 * slot + 1]!, w[4 * slot + 2]!, w[4 * slot + 3]!);
  }

  private home(w0: number, w1: number, w2: number, w3: number): number {
    let h = w0 ^ Math.imul(w1, 0x9e3779b1) ^ Math.imul(w2, 0x85ebca6b) ^ Math.imul(w3, 0xc2b2ae35);
    h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
    return (h ^ (h >>> 16)) & this.mask;
  }
}

/** Reads a lower-case canonical UUID into 4 words; false if `text` is not one. */
export function parseUuid(text: string, out: Uint32Array): boolean {
  if (
    text.length !== 36 ||
    text.charCodeAt(8) !== 45 ||
    text.charCodeAt(13) !== 45 ||
    text.charCodeAt(18) !== 45 ||
    text.charCodeAt(23) !== 45
  ) {
    return false;
  }
  const w0 = hexWord(text, 0, 4);
  const w1 = hexWord(text, 9, 14);
  const w2 = hexWord(text, 19, 24);
  const w3 = hexWord(text, 28, 32);
  if (w0 < 0 || w1 < 0 || w2 < 0 || w3 < 0) return false;
  out[0] = w0;
  out[1] = w1;
  out[2] = w2;
  out[3] = w3;
  return true;
}

/** The 4 hex digits at `high` then the 4 at `low` as an unsigned 32-bit value, or -1. */
function hexWord(text: string, high: number, low: number): number {
  let value = 0;
  let invalid = 0;
  for (let i = 0; i < 8; i++) {
    const c = text.charCodeAt(i < 4 ? high + i : low + i - 4);
    const digit = c < 128 ? HEX_DIGITS[c]! : -1;
    invalid |= digit;
    value = value * 16 + digit;
  }
  return invalid < 0 ? -1 : value;
}

/** Value of each lower-case hex digit by character code, -1 for any other character. */
const HEX_DIGITS = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) HEX_DIGITS['0123456789abcdef'.charCodeAt(i)] = i;
