/** A dependency the app needs before it can serve (event store, database). Port; adapters live with the client. */
export abstract class ReadinessProbe {
  abstract readonly name: string;
  /** Resolves when the dependency answers; rejects (quickly) when it does not. */
  abstract check(): Promise<void>;
}

export const READINESS_PROBES = Symbol('READINESS_PROBES');
