import { createUpcasterRegistry, UpcastError, type Upcaster } from './upcaster.registry.js';

/** AccountOpened v1 predates overdrafts: such accounts were opened with no overdraft. */
export const accountOpenedV1ToV2: Upcaster = (data) => {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UpcastError('AccountOpened v1 data must be an object', 'AccountOpened', 1);
  }
  const v1 = data as Record<string, unknown>;
  return { ...v1, overdraftLimit: v1.overdraftLimit ?? 0 };
};

/** The registry every reader uses: aggregate loads, projections and replays. */
export const ledgerUpcasters = createUpcasterRegistry().register('AccountOpened', 1, accountOpenedV1ToV2);
