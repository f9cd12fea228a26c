import type { ConsumerDefinition, ConsumerFilter } from '@ledger/consumers';
import { type MongoProjection, MongoProjector, type MongoProjectorOptions } from '@ledger/consumers-mongodb';
import type { LedgerEvent } from '@ledger/domain';
import type { Db } from 'mongodb';
import { accountSummaryProjection } from './account-summary/account-summary.projection.js';
import { dailyTotalsProjection } from './daily-totals/daily-totals.projection.js';
import { ledgerEntriesProjection } from './ledger-entries/ledger-entries.projection.js';
import { transfersProjection } from './transfers/transfers.projection.js';

/** A read model: its projection and what its consumer reads of `$all` (filtered on the server). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- read models differ in document type
export type ReadModel = { projection: MongoProjection<LedgerEvent, any>; filter: ConsumerFilter };

/**
 * Every read model, one line each. Each runs as its own consumer (own checkpoint, lease and
 * parked events), so they spread over projector processes and rebuild one at a time.
 */
export const LEDGER_READ_MODELS: readonly ReadModel[] = [
  { projection: accountSummaryProjection, filter: { by: 'stream', prefixes: ['account-'] } },
  { projection: ledgerEntriesProjection, filter: { by: 'stream', prefixes: ['account-'] } },
  { projection: transfersProjection, filter: { by: 'eventType', prefixes: ['Transfer'] } },
  {
    projection: dailyTotalsProjection,
    filter: { by: 'eventType', prefixes: ['MoneyDeposited', 'MoneyWithdrawn', 'TransferCredited'] },
  },
];

/** The consumers that keep the read models in `db`; each consumer is named after its read model. */
export function readModelConsumers(
  db: Db,
  readModels: readonly ReadModel[] = LEDGER_READ_MODELS,
  options: MongoProjectorOptions = {},
): ConsumerDefinition<LedgerEvent>[] {
  return readModels.map(({ projection, filter }) => ({
    name: projection.readModel,
    filter,
    handler: new MongoProjector<LedgerEvent>(db, [projection], options),
    unknownEvents: 'park',
  }));
}
