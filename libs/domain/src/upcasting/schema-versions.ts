import type { LedgerEvent } from '../workflow/transfer.workflow.js';
import { EVENT_SCHEMAS } from './event-schemas.js';

export type LedgerEventType = LedgerEvent['type'];

/**
 * The version each event type is written at today: how many schemas it has (event-schemas.ts
 * says what each version added). Older stored versions are upcast on read.
 */
export const CURRENT_SCHEMA_VERSIONS: Readonly<Record<LedgerEventType, number>> = Object.freeze(
  Object.fromEntries(
    Object.entries(EVENT_SCHEMAS).map(([type, versions]) => [type, versions.length]),
  ) as Record<LedgerEventType, number>,
);

export const LEDGER_EVENT_TYPES = Object.freeze(
  Object.keys(CURRENT_SCHEMA_VERSIONS) as LedgerEventType[],
) as readonly LedgerEventType[];

export const isLedgerEventType = (type: unknown): type is LedgerEventType =>
  typeof type === 'string' && Object.hasOwn(CURRENT_SCHEMA_VERSIONS, type);
