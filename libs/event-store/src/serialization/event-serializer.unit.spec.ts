import type { ResolvedEvent } from '@eventstore/db-client';
import { deserializeEvent, serializeEvent } from './event-serializer.js';

const recorded = (type: string, data: unknown, metadata: unknown): ResolvedEvent =>
  ({
    event: {
      streamId: 'account-a1',
      id: '6f0c1d2e-0000-4000-8000-000000000001',
      isJson: true,
      revision: 0n,
      type,
      created: new Date(),
      data,
      metadata,
      position: { commit: 300n, prepare: 300n },
    },
  }) as unknown as ResolvedEvent;

describe('event serialisation', () => {
  it('upcasts AccountOpened v1 (before overdrafts) on read', () => {
    const v1 = { accountId: 'a1', ownerId: 'o1', currency: 'EUR', openedAt: '2020-01-01T00:00:00.000Z' };
    const stored = deserializeEvent(recorded('AccountOpened', v1, { schemaVersion: 1, correlationId: 'c' }));
    expect(stored.event).toEqual({ type: 'AccountOpened', data: { ...v1, overdraftLimit: 0 } });
    expect(stored.metadata).toEqual({ schemaVersion: 2, correlationId: 'c' });
    expect(stored.position).toBe(300n);
  });

  it('reads events without metadata as version 1', () => {
    const stored = deserializeEvent(recorded('AccountOpened', { accountId: 'a1' }, undefined));
    expect(stored.event.data).toMatchObject({ overdraftLimit: 0 });
  });

  it('refuses an event type the ledger does not know, naming where it is', () => {
    expect(() => deserializeEvent(recorded('SomethingElse', {}, {}))).toThrow(/SomethingElse.*account-a1@0/);
  });

  it('writes JSON events with the given id, data and metadata', () => {
    const data = { accountId: 'a1', amount: 5, currency: 'EUR', depositedAt: 'now' };
    const written = serializeEvent({
      id: 'id-1',
      event: { type: 'MoneyDeposited', data },
      metadata: { schemaVersion: 1 } as never,
    });
    expect(written).toMatchObject({
      id: 'id-1',
      type: 'MoneyDeposited',
      contentType: 'application/json',
      data,
      metadata: { schemaVersion: 1 },
    });
  });
});
