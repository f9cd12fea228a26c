import { accountDecider, type AccountEvent, evolveAccount, initialAccountState } from '@ledger/domain';
import { foldAggregate, InvalidRequestError, type LoggedEvent } from '@ledger/event-log';
import { aMoneyDeposited, aMoneyWithdrawn, anAccountFrozen, anAccountOpened } from '@ledger/testing';

const history: AccountEvent[] = [
  anAccountOpened(),
  aMoneyDeposited({ amount: 700 }),
  aMoneyWithdrawn({ amount: 200 }),
  anAccountFrozen(),
];
const logged = (event: AccountEvent, i: number): LoggedEvent => ({
  eventId: `id-${i}`,
  eventType: event.type,
  streamId: 'account-1',
  revision: BigInt(i),
  position: { commit: BigInt(100 * i), prepare: BigInt(100 * i) },
  created: new Date(Date.UTC(2026, 0, 15, 10, 30)),
  schemaVersion: 2,
  data: event.data,
  metadata: { occurredAt: new Date(Date.UTC(2026, 0, 15, 10, i)).toISOString() },
  upcast: false,
});
const events = history.map(logged);

describe('an account folded at a point in its history', () => {
  it.each([0, 1, 2, 3])('at revision %i is the domain evolve of the events up to it', (revision) => {
    const folded = foldAggregate('account-1', events, { revision: BigInt(revision) });
    expect(folded.state).toEqual(history.slice(0, revision + 1).reduce(evolveAccount, initialAccountState()));
    expect(folded.events.map((e) => e.eventId)).toEqual(events.slice(0, revision + 1).map((e) => e.eventId));
    expect(folded.revision).toBe(BigInt(revision));
  });

  it('at a time takes the events that occurred by then (occurredAt, not when stored)', () => {
    const folded = foldAggregate('account-1', events, { time: new Date(Date.UTC(2026, 0, 15, 10, 1, 30)) });
    expect(folded.revision).toBe(1n);
    expect(folded.state).toMatchObject({ balance: 700, status: 'open' });
  });

  it('before its first event is the initial state, with no revision', () => {
    const folded = foldAggregate('account-1', events, { time: new Date(Date.UTC(2020, 0, 1)) });
    expect(folded.state).toEqual(accountDecider.initialState());
    expect(folded.revision).toBeUndefined();
  });

  it('is refused for a stream that holds no aggregate (a snapshot stream)', () => {
    expect(() => foldAggregate('snapshot-account-1', events, 'end')).toThrow(InvalidRequestError);
  });
});
