// Messages are plain data; metadata (ids, causation, schema version) is added by infrastructure.
export type Event<Type extends string, Data> = { type: Type; data: Data };
export type Command<Type extends string, Data> = { type: Type; data: Data };

export type Decider<C, E, S> = {
  decide(c: C, s: S): E[];
  evolve(s: S, e: E): S;
  initialState(): S;
};

/** Compile-time exhaustiveness for `switch` over a union; throws if reached with bad runtime data. */
export const assertNever = (value: never, what = 'value'): never => {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
};
