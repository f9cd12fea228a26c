import { isPlainObject } from './bson-value.js';

/**
 * Brings a document recovered from storage (where BSON keeps Int32 and Double objects) to the
 * form the wire decoder produces: Int32 and Double as JS numbers, Long and the rest as they are.
 */
export function promoteLikeWire<T>(value: T): T {
  if (Array.isArray(value)) return value.map(promoteLikeWire) as T;
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const k in value) out[k] = promoteLikeWire(value[k]);
    return out as T;
  }
  const t = (value as { _bsontype?: string } | null)?._bsontype;
  if (t === 'Int32' || t === 'Double') return (value as { valueOf(): number }).valueOf() as T;
  return value;
}
