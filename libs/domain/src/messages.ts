// Messages are plain data; metadata (ids, causation, schema version) is added by infrastructure.
export type Event<Type extends string, Data> = { type: Type; data: Data };
export type Command<Type extends string, Data> = { type: Type; data: Data };

/** How a state may be kept in a snapshot: its shape's version, and a check of a decoded one. */
export type SnapshotContract<S> = { stateVersion: number; isState(value: unknown): value is S };

export type Decider<C, E, S> = {
  decide(c: C, s: S): E[];
  evolve(s: S, e: E): S;
  initialState(): S;
  /** Present when the state is plain JSON that may be snapshotted. */
  snapshot?: SnapshotContract<S>;
};

/** Compile-time exhaustiveness for `switch` over a union; throws if reached with bad runtime data. */
export const assertNever = (value: never, what = 'value'): never => {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
};
