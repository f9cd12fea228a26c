import type { Binary } from 'bson';

/**
 * True when two values would serialise to the same BSON bytes: same types (Int32 2 is not
 * Double 2.0), same field order, same values. An update that leaves a document `sameBson` is
 * not a modification; one that only changes a type is, as in MongoDB.
 */
export function sameBson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null) return false;
  if (typeof a === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (typeof a !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameBson(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof Date) return b instanceof Date && a.getTime() === b.getTime();
  if (a instanceof RegExp) return b instanceof RegExp && String(a) === String(b);
  const ta = (a as { _bsontype?: string })._bsontype;
  if (ta !== (b as { _bsontype?: string })._bsontype) return false;
  if (ta === undefined) return sameFields(a as Record<string, unknown>, b as Record<string, unknown>);
  if (ta === 'Binary') {
    const x = a as Binary;
    const y = b as Binary;
    return x.sub_type === y.sub_type && Buffer.compare(x.value(), y.value()) === 0;
  }
  if (ta === 'Double') return Object.is((a as { value: number }).value, (b as { value: number }).value);
  return String(a) === String(b);
}

function sameFields(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    if (ka[i] !== kb[i] || !sameBson(a[ka[i]], b[kb[i]])) return false;
  }
  return true;
}
