import { keyScopeOf, RecordedCommands } from './recorded-commands.js';

const HOUR = 3_600_000;
const answer = (revision: number, at: number) => ({
  requestHash: `h${revision}`,
  revision: BigInt(revision),
  position: BigInt(revision * 100),
  at,
});

describe('RecordedCommands', () => {
  let now = 0;
  const policy = (maxPerStream = 100) => ({ windowMs: 24 * HOUR, maxPerStream, now: () => now });
  beforeEach(() => (now = 100 * HOUR));

  it('answers a key within the window, and forgets it after', () => {
    const commands = new RecordedCommands(policy());
    commands.record('k', answer(1, now));
    now += 24 * HOUR;
    expect(commands.get('k')).toEqual(answer(1, 100 * HOUR));
    now += 1;
    expect(commands.get('k')).toBeUndefined();
  });

  it('keeps the first answer of a key within the window; after it, the key is new', () => {
    const commands = new RecordedCommands(policy());
    commands.record('k', answer(1, now));
    commands.record('k', answer(2, now));
    expect(commands.get('k')?.revision).toBe(1n);
    now += 25 * HOUR;
    commands.record('k', answer(3, now));
    expect(commands.get('k')?.revision).toBe(3n);
  });

  it('drops expired keys as new ones come, so its size follows the window', () => {
    const commands = new RecordedCommands(policy());
    for (let i = 0; i < 50; i++) commands.record(`old${i}`, answer(i, now));
    now += 25 * HOUR;
    commands.record('new', answer(99, now));
    expect(commands.size).toBe(1);
    expect(commands.forgottenEarly).toBe(0);
  });

  it('holds at most maxPerStream keys, forgetting the oldest first and counting them', () => {
    const commands = new RecordedCommands(policy(3));
    for (let i = 0; i < 5; i++) commands.record(`k${i}`, answer(i, now));
    expect(commands.size).toBe(3);
    expect(commands.get('k0')).toBeUndefined();
    expect(commands.get('k4')?.revision).toBe(4n);
    expect(commands.forgottenEarly).toBe(2);
  });

  it('survives a snapshot round trip, and refuses a damaged one', () => {
    const commands = new RecordedCommands(policy());
    commands.record('a', answer(1, now));
    commands.record('b', { ...answer(2, now), requestHash: undefined });
    const back = RecordedCommands.fromTuples(JSON.parse(JSON.stringify(commands.toTuples())), policy());
    expect(back?.get('a')).toEqual(answer(1, now));
    expect(back?.get('b')).toEqual({ ...answer(2, now), requestHash: undefined });
    for (const damaged of [null, {}, [['a']], [['a', 'h', '1', 'x', 0]], [[1, 'h', '1', '1', 0]]]) {
      expect(RecordedCommands.fromTuples(damaged, policy())).toBeUndefined();
    }
  });
});

describe('keyScopeOf', () => {
  it('gives one key of two principals two scopes, and one principal the same scope each time', () => {
    expect(keyScopeOf('acme', 'k1')).toBe(keyScopeOf('acme', 'k1'));
    expect(keyScopeOf('acme', 'k1')).not.toBe(keyScopeOf('other', 'k1'));
    expect(keyScopeOf('a', 'b:c')).not.toBe(keyScopeOf('a:b', 'c'));
    expect(keyScopeOf('acme', 'k1')).toHaveLength(22);
  });
});
