import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { RequestValidationException } from '@ledger/http';
import { QueryApiSettings } from '../config/query-api.config.js';
import type { PageOrder } from './page-order.js';

/** Where the next page starts: the last item's sort value and id. */
export type CursorKey = { value: number | Date | string; id: string };

/** Where the next page starts in a listing frozen at its first page (see PageSnapshots). */
export type SnapshotKey = { snapshot: string; offset: number };

export type PagePosition = { after: CursorKey } | { frozen: SnapshotKey };

/**
 * A cursor is base64url JSON `{q, k: [value, id]}` (or `{q, s: [snapshot, offset]}`) and its HMAC. `q` fingerprints the query it
 * belongs to, the MAC makes it unforgeable: a cursor altered, made up, or replayed with other
 * filters or another sort is a 400. Its values only ever become values in a keyset filter.
 */
@Injectable()
export class PageCursors {
  private readonly secret: string;

  constructor(settings: QueryApiSettings) {
    this.secret = settings.cursorSecret;
  }

  encode(query: unknown, order: PageOrder, key: CursorKey): string {
    const value = key.value instanceof Date ? key.value.toISOString() : key.value;
    return this.sign({ q: fingerprint(query, order), k: [value, key.id] });
  }

  encodeFrozen(query: unknown, order: PageOrder, key: SnapshotKey): string {
    return this.sign({ q: fingerprint(query, order), s: [key.snapshot, key.offset] });
  }

  /** The keyset position of a cursor; a 400 for any other cursor, frozen ones included. */
  decode(cursor: string, query: unknown, order: PageOrder): CursorKey {
    const position = this.decodePosition(cursor, query, order);
    if (!('after' in position)) throw tampered();
    return position.after;
  }

  decodePosition(cursor: string, query: unknown, order: PageOrder): PagePosition {
    const [payload = '', mac = ''] = cursor.split('.');
    const presented = Buffer.from(mac, 'base64url');
    const expected = this.mac(payload);
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) throw tampered();
    const parsed = parse(payload);
    if (parsed?.q !== fingerprint(query, order)) throw tampered();
    if (Array.isArray(parsed.k) && parsed.k.length === 2)
      return { after: keyOf(parsed.k as unknown[], order) };
    if (Array.isArray(parsed.s) && parsed.s.length === 2)
      return { frozen: snapshotKeyOf(parsed.s as unknown[]) };
    throw tampered();
  }

  private sign(body: object): string {
    const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
    return `${payload}.${this.mac(payload).toString('base64url')}`;
  }

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.secret).update(payload).digest().subarray(0, 16);
  }
}

function keyOf([value, id]: unknown[], order: PageOrder): CursorKey {
  if (typeof id !== 'string' || id.length > 200) throw tampered();
  if (order.kind === 'number' && typeof value === 'number' && Number.isSafeInteger(value))
    return { value, id };
  if (order.kind === 'string' && typeof value === 'string' && value.length <= 200) return { value, id };
  if (order.kind === 'date' && typeof value === 'string' && /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(value)) {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) return { value: date, id };
  }
  throw tampered();
}

function snapshotKeyOf([snapshot, offset]: unknown[]): SnapshotKey {
  if (typeof snapshot !== 'string' || !/^[0-9a-f-]{36}$/.test(snapshot)) throw tampered();
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) throw tampered();
  return { snapshot, offset };
}

function parse(payload: string): { q?: unknown; k?: unknown; s?: unknown } | undefined {
  if (!/^[A-Za-z0-9_-]{1,1024}$/.test(payload)) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function fingerprint(query: unknown, order: PageOrder): string {
  const canonical = JSON.stringify([query, order.field, order.direction]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

function tampered(): RequestValidationException {
  return new RequestValidationException([
    { field: 'cursor', message: 'cursor is not one this query handed out; start again without it' },
  ]);
}
