import { Long } from 'mongodb';

/** Positions are stored as Int64 (`Long`), never as strings, so they sort and compare as numbers. */
export function toLong(position: bigint): Long {
  if (position < 0n || position > 0x7fff_ffff_ffff_ffffn)
    throw new RangeError(`Position ${position} does not fit an Int64`);
  return Long.fromBigInt(position);
}

export function fromLong(value: unknown): bigint {
  if (value instanceof Long) return value.toBigInt();
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  throw new TypeError(`Not a stored position: ${String(value)}`);
}
