import {
  CURRENT_SCHEMA_VERSIONS,
  createUpcasterRegistry,
  isLedgerEventType,
  LEDGER_EVENT_TYPES,
  ledgerUpcasters,
  UpcastError,
  ACCOUNT_EVENT_TYPES,
  TRANSFER_EVENT_TYPES,
} from '@ledger/domain';
import { ACCOUNT_ID, NOW, OWNER_ID } from '@ledger/testing';

const v1Opened = { accountId: ACCOUNT_ID, ownerId: OWNER_ID, currency: 'EUR', openedAt: NOW };

describe('a v1 AccountOpened (before overdrafts)', () => {
  it('is read as v2 with no overdraft', () => {
    expect(ledgerUpcasters.upcast({ type: 'AccountOpened', schemaVersion: 1, data: v1Opened })).toEqual({
      type: 'AccountOpened',
      schemaVersion: 2,
      data: { ...v1Opened, overdraftLimit: 0 },
    });
  });

  it('is version 1 when stored without a schemaVersion', () => {
    expect(ledgerUpcasters.upcast({ type: 'AccountOpened', data: v1Opened }).data).toMatchObject({
      overdraftLimit: 0,
    });
  });

  it('is refused clearly when its data is not an object', () => {
    expect(() => ledgerUpcasters.upcast({ type: 'AccountOpened', schemaVersion: 1, data: 'oops' })).toThrow(
      UpcastError,
    );
  });
});

describe.each(['TransferRequested', 'TransferDebitRejected', 'TransferRejected'])(
  'a v1 %s (before transfers carried their currency)',
  (type) => {
    const v1 = { transferId: 't1', amount: 5, reason: 'insufficient-funds' };
    it('is read as v2 with the "no currency" code XXX, not a guess', () => {
      expect(ledgerUpcasters.upcast({ type, schemaVersion: 1, data: v1 })).toEqual({
        type,
        schemaVersion: 2,
        data: { ...(type === 'TransferRequested' ? { fromOwnerId: null } : {}), ...v1, currency: 'XXX' },
      });
    });

    it('is refused clearly when its data is not an object', () => {
      expect(() => ledgerUpcasters.upcast({ type, schemaVersion: 1, data: [] })).toThrow(UpcastError);
    });
  },
);

describe.each([
  'MoneyDeposited',
  'MoneyWithdrawn',
  'TransferDebited',
  'TransferCredited',
  'TransferRefunded',
])('a v1 %s (before money movements carried the balance after them)', (type) => {
  it('is read as v2 with balanceAfter null: unknown, not a guess', () => {
    const v1 = { accountId: ACCOUNT_ID, amount: 5, currency: 'EUR' };
    expect(ledgerUpcasters.upcast({ type, schemaVersion: 1, data: v1 })).toEqual({
      type,
      schemaVersion: 2,
      data: { ...v1, balanceAfter: null },
    });
  });
});

describe('a current-version event', () => {
  it('passes through unchanged', () => {
    const data = { ...v1Opened, overdraftLimit: 700 };
    expect(ledgerUpcasters.upcast({ type: 'AccountOpened', schemaVersion: 2, data })).toEqual({
      type: 'AccountOpened',
      schemaVersion: 2,
      data,
    });
    const deposited = {
      accountId: ACCOUNT_ID,
      amount: 5,
      currency: 'EUR',
      balanceAfter: 5,
      depositedAt: NOW,
    };
    expect(ledgerUpcasters.upcast({ type: 'MoneyDeposited', schemaVersion: 2, data: deposited }).data).toBe(
      deposited,
    );
  });
});

describe('an event the reader cannot understand', () => {
  it('throws for a version newer than this build knows', () => {
    expect(() => ledgerUpcasters.upcast({ type: 'AccountOpened', schemaVersion: 3, data: v1Opened })).toThrow(
      /AccountOpened v3 is newer than this build knows \(v2\)/,
    );
  });

  it.each([0, -1, 1.5, Number.NaN])('throws for schemaVersion %p', (schemaVersion) => {
    expect(() => ledgerUpcasters.upcast({ type: 'MoneyDeposited', schemaVersion, data: {} })).toThrow(
      UpcastError,
    );
  });

  it('throws for an unknown event type', () => {
    expect(() => ledgerUpcasters.upcast({ type: 'MoneyPrinted', schemaVersion: 1, data: {} })).toThrow(
      /unknown event type "MoneyPrinted"/,
    );
  });

  it('throws when a step of the chain is missing', () => {
    const registry = createUpcasterRegistry({ Thing: 3 }).register('Thing', 2, (d) => ({
      ...(d as object),
      c: true,
    }));
    expect(() => registry.upcast({ type: 'Thing', schemaVersion: 1, data: {} })).toThrow(
      /no upcaster registered for Thing v1 → v2/,
    );
  });
});

describe('an upcaster registry', () => {
  it('applies every step in order up to the current version', () => {
    const registry = createUpcasterRegistry({ Thing: 3 })
      .register('Thing', 2, (d) => ({
        ...(d as object),
        steps: [...(d as { steps: string[] }).steps, 'v2→v3'],
      }))
      .register('Thing', 1, (d) => ({ ...(d as object), steps: ['v1→v2'] }));
    expect(registry.upcast({ type: 'Thing', schemaVersion: 1, data: {} })).toEqual({
      type: 'Thing',
      schemaVersion: 3,
      data: { steps: ['v1→v2', 'v2→v3'] },
    });
  });

  it('refuses a step that is registered twice or lands past the current version', () => {
    const registry = createUpcasterRegistry({ Thing: 2 }).register('Thing', 1, (d) => d);
    expect(() => registry.register('Thing', 1, (d) => d)).toThrow(UpcastError);
    expect(() => registry.register('Thing', 2, (d) => d)).toThrow(UpcastError);
    expect(() => registry.register('Other', 1, (d) => d)).toThrow(UpcastError);
  });
});

describe('schema versions', () => {
  it('cover every account and transfer event; those that gained a field are at v2', () => {
    expect([...LEDGER_EVENT_TYPES].sort()).toEqual([...ACCOUNT_EVENT_TYPES, ...TRANSFER_EVENT_TYPES].sort());
    const { AccountOpened, TransferRequested, TransferDebitRejected, TransferRejected, ...rest } =
      CURRENT_SCHEMA_VERSIONS;
    expect([AccountOpened, TransferRequested, TransferDebitRejected, TransferRejected]).toEqual([2, 2, 2, 2]);
    const { MoneyDeposited, MoneyWithdrawn, TransferDebited, TransferCredited, TransferRefunded, ...others } =
      rest;
    expect([MoneyDeposited, MoneyWithdrawn, TransferDebited, TransferCredited, TransferRefunded]).toEqual([
      2, 2, 2, 2, 2,
    ]);
    expect(new Set(Object.values(others))).toEqual(new Set([1]));
  });

  it('tells ledger event types from others', () => {
    expect(isLedgerEventType('TransferRefunded')).toBe(true);
    expect(isLedgerEventType('$metadata')).toBe(false);
    expect(isLedgerEventType('toString')).toBe(false);
  });
});
