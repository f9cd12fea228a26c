// jest's global expect (not @jest/globals), so importing this library outside jest does not throw.
import type { Decider } from '@ledger/domain';

// Any error class, including abstract ones such as DomainError.
type ErrorClass<T extends Error> = abstract new (...args: never[]) => T;

export type Then<E> = {
  /** decide returned exactly these events. */
  then(expected: E[]): void;
  /** decide returned no events (an idempotent repeat, for instance). */
  thenNothing(): void;
  /** decide threw this error class, with these fields if given. */
  thenThrows<T extends Error>(errorClass: ErrorClass<T>, fields?: Partial<T>): void;
};

export type When<C, E> = { when(command: C): Then<E> };

/** given(decider, pastEvents).when(command).then(newEvents), on state folded from past events. */
export const given = <C, E, S>(decider: Decider<C, E, S>, events: E[] = []): When<C, E> => ({
  when(command) {
    const decide = (): E[] =>
      decider.decide(
        command,
        events.reduce((s, e) => decider.evolve(s, e), decider.initialState()),
      );
    return {
      then(expected) {
        expect(decide()).toEqual(expected);
      },
      thenNothing() {
        expect(decide()).toEqual([]);
      },
      thenThrows(errorClass, fields) {
        let produced: E[];
        try {
          produced = decide();
        } catch (error) {
          expect(error).toBeInstanceOf(errorClass);
          if (fields !== undefined) expect(error).toMatchObject(fields);
          return;
        }
        throw new Error(
          `expected ${errorClass.name} to be thrown, decide returned ${JSON.stringify(produced)}`,
        );
      },
    };
  },
});
