import { createUpcasterRegistry, UpcastError, type Upcaster } from './upcaster.registry.js';

/** AccountOpened v1 predates overdrafts: such accounts were opened with no overdraft. */
export const accountOpenedV1ToV2: Upcaster = (data) => {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UpcastError('AccountOpened v1 data must be an object', 'AccountOpened', 1);
  }
  const v1 = data as Record<string, unknown>;
  return { ...v1, overdraftLimit: v1.overdraftLimit ?? 0 };
};

/**
 * The ISO 4217 code for "no currency": v1 transfer events did not say theirs, and the reader
 * cannot tell it without joining streams, so they read as XXX rather than as a guess.
 */
export const UNKNOWN_CURRENCY = 'XXX';

/** A v1 → v2 step that adds fields a v1 event cannot know, with the values that say so. */
export const withFields =
  (type: string, added: Record<string, unknown>): Upcaster =>
  (data) => {
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new UpcastError(`${type} v1 data must be an object`, type, 1);
    }
    return { ...added, ...(data as Record<string, unknown>) };
  };

/** TransferDebitRejected and TransferRejected v1 → v2: a currency field. */
export const withUnknownCurrency = (type: string): Upcaster =>
  withFields(type, { currency: UNKNOWN_CURRENCY });

/** Money movements v1 → v2: the balance after them, unknown on events stored before it was kept. */
const withUnknownBalance = (type: string): Upcaster => withFields(type, { balanceAfter: null });

/** The registry every reader uses: aggregate loads, projections and replays. */
export const ledgerUpcasters = createUpcasterRegistry()
  .register('AccountOpened', 1, accountOpenedV1ToV2)
  .register(
    'TransferRequested',
    1,
    withFields('TransferRequested', { currency: UNKNOWN_CURRENCY, fromOwnerId: null }),
  )
  .register('TransferDebitRejected', 1, withUnknownCurrency('TransferDebitRejected'))
  .register('TransferRejected', 1, withUnknownCurrency('TransferRejected'))
  .register('MoneyDeposited', 1, withUnknownBalance('MoneyDeposited'))
  .register('MoneyWithdrawn', 1, withUnknownBalance('MoneyWithdrawn'))
  .register('TransferDebited', 1, withUnknownBalance('TransferDebited'))
  .register('TransferCredited', 1, withUnknownBalance('TransferCredited'))
  .register('TransferRefunded', 1, withUnknownBalance('TransferRefunded'));
