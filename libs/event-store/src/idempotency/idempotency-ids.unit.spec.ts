import { validate, version } from 'uuid';
import { derivedIdFor, eventIdFor, requestHashOf } from './idempotency-ids.js';

describe('ids derived from an Idempotency-Key', () => {
  const keyed = (idempotencyKey: string, requestHash = 'h1', actor = 'acme') => ({
    actor,
    idempotencyKey,
    requestHash,
  });
  const S = 'account-a1';

  it('are UUID v5, the same for the same key, request and index', () => {
    const id = eventIdFor(keyed('key-1'), S, 0);
    expect(validate(id) && version(id)).toBe(5);
    expect(eventIdFor(keyed('key-1'), S, 0)).toBe(id);
  });

  it('differ by index, key, request, principal and stream, so a reused key is never taken for a retry', () => {
    const ids = new Set([
      eventIdFor(keyed('key-1'), S, 0),
      eventIdFor(keyed('key-1'), S, 1),
      eventIdFor(keyed('key-2'), S, 0),
      eventIdFor(keyed('key-10'), S, 0),
      eventIdFor(keyed('key-1', 'h2'), S, 0),
      eventIdFor({ actor: 'acme', idempotencyKey: 'key-1' }, S, 0),
      eventIdFor(keyed('key-1', 'h1', 'other'), S, 0),
      eventIdFor(keyed('key-1'), 'account-a2', 0),
    ]);
    expect(ids.size).toBe(8);
  });

  it('keep the key, the request and the index apart, whatever characters the key holds', () => {
    expect(eventIdFor(keyed('k:h', 'x'), S, 0)).not.toBe(eventIdFor(keyed('k', 'h:x'), S, 0));
    expect(eventIdFor({ actor: 'a', idempotencyKey: 'k:1' }, S, 0)).not.toBe(
      eventIdFor({ actor: 'a', idempotencyKey: 'k' }, S, 10),
    );
  });

  it('are random v4 without a key', () => {
    const [a, b] = [eventIdFor({ actor: 'a' }, S, 0), eventIdFor({ actor: 'a' }, S, 0)];
    expect(version(a)).toBe(4);
    expect(a).not.toBe(b);
  });

  it('separate what they are for: an account id is not the event id of the same key', () => {
    const acme = { actor: 'acme', idempotencyKey: 'k' };
    expect(derivedIdFor(acme, 'accountId')).toBe(derivedIdFor(acme, 'accountId'));
    expect(derivedIdFor(acme, 'accountId')).not.toBe(derivedIdFor(acme, 'transferId'));
    expect(derivedIdFor(acme, 'accountId')).not.toBe(derivedIdFor({ ...acme, actor: 'other' }, 'accountId'));
    expect(version(derivedIdFor({ actor: 'acme' }, 'accountId'))).toBe(4);
  });
});

describe('requestHashOf', () => {
  it('ignores key order and undefined fields', () => {
    expect(requestHashOf('DepositMoney', { amount: 5, accountId: 'a', reference: undefined })).toBe(
      requestHashOf('DepositMoney', { accountId: 'a', amount: 5 }),
    );
  });

  it('changes with any value and with the command type', () => {
    const base = requestHashOf('DepositMoney', { accountId: 'a', amount: 5 });
    expect(requestHashOf('DepositMoney', { accountId: 'a', amount: 6 })).not.toBe(base);
    expect(requestHashOf('WithdrawMoney', { accountId: 'a', amount: 5 })).not.toBe(base);
    expect(requestHashOf('DepositMoney', { accountId: 'a', amount: '5' })).not.toBe(base);
  });
});
