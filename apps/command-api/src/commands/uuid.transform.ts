import { Transform } from 'class-transformer';

/** Stream names contain ids: one spelling per UUID, so "ABC…" and "abc…" reach the same stream. */
export const LowercaseUuid = () =>
  Transform(({ value }) => (typeof value === 'string' ? value.toLowerCase() : value));
