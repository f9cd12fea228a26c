import { Type } from '@sinclair/typebox';

// The field shapes every event schema is built from: each stored event's data is published as
// JSON Schema (draft 2020-12) derived from these, and the TypeScript types from the same objects.

/** A UUID, as the command API generates and accepts them. */
export const Id = Type.String({ format: 'uuid' });
/** An ISO 8601 UTC time. */
export const Timestamp = Type.String({ format: 'date-time' });
/** Money: an integer number of minor units, never a float. */
export const MinorUnits = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
/** A balance may be below zero, down to the overdraft limit. */
export const SignedMinorUnits = Type.Integer({
  minimum: Number.MIN_SAFE_INTEGER,
  maximum: Number.MAX_SAFE_INTEGER,
});
/** An ISO 4217 code; "XXX" (no currency) on events upcast from versions that did not say theirs. */
export const CurrencyCode = Type.String({ pattern: '^[A-Z]{3}$' });
export const FreeText = Type.String();
/** Why a step was refused, as a short kebab-case code or a sentence. */
export const Reason = Type.String({ minLength: 1 });

/** The balance once the event applied; null on events upcast from v1, stored before it was kept. */
export const BalanceAfter = Type.Union([SignedMinorUnits, Type.Null()]);

/** Event data is closed: a field the schema does not name is a new version, not a silent extra. */
export const closed = { additionalProperties: false } as const;
