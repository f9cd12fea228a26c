import { CURRENT_SCHEMA_VERSIONS } from './schema-versions.js';

/** One step: the data of version `fromVersion` in, the data of `fromVersion + 1` out. */
export type Upcaster = (data: unknown) => unknown;
/** Events written before versioning carried no schemaVersion: they are version 1. */
export type VersionedEvent<T extends string = string> = { type: T; schemaVersion?: number; data: unknown };
export type UpcastEvent<T extends string = string> = { type: T; schemaVersion: number; data: unknown };

export type UpcasterRegistry = {
  /** Adds the step from `fromVersion` to `fromVersion + 1`; returns the registry for chaining. */
  register(type: string, fromVersion: number, fn: Upcaster): UpcasterRegistry;
  /** Applies each step in order up to the current version. */
  upcast<T extends string>(event: VersionedEvent<T>): UpcastEvent<T>;
};

/**
 * Stored data that cannot be read (unknown type, unknown version, missing step). Not a
 * DomainError: it is a fault in stored data or in this build, never a client's mistake.
 */
export class UpcastError extends Error {
  constructor(
    message: string,
    readonly eventType: string,
    readonly schemaVersion: unknown,
  ) {
    super(message);
    this.name = 'UpcastError';
  }
}

export const createUpcasterRegistry = (
  currentVersions: Readonly<Record<string, number>> = CURRENT_SCHEMA_VERSIONS,
): UpcasterRegistry => {
  const steps = new Map<string, Upcaster>();
  const key = (type: string, version: number): string => `${type}@${version}`;
  const currentOf = (type: string): number => {
    if (!Object.hasOwn(currentVersions, type)) {
      throw new UpcastError(`unknown event type ${JSON.stringify(type)}`, type, undefined);
    }
    return currentVersions[type];
  };

  const registry: UpcasterRegistry = {
    register(type, fromVersion, fn) {
      const current = currentOf(type);
      if (!Number.isSafeInteger(fromVersion) || fromVersion < 1 || fromVersion >= current) {
        throw new UpcastError(
          `cannot register ${type} v${fromVersion}: steps go from v1 up to v${current - 1}`,
          type,
          fromVersion,
        );
      }
      if (steps.has(key(type, fromVersion))) {
        throw new UpcastError(`${type} v${fromVersion} already has an upcaster`, type, fromVersion);
      }
      steps.set(key(type, fromVersion), fn);
      return registry;
    },
    upcast({ type, schemaVersion = 1, data }) {
      const current = currentOf(type);
      if (!Number.isSafeInteger(schemaVersion) || schemaVersion < 1) {
        throw new UpcastError(
          `${type} has an invalid schemaVersion ${JSON.stringify(schemaVersion)}`,
          type,
          schemaVersion,
        );
      }
      if (schemaVersion > current) {
        throw new UpcastError(
          `${type} v${schemaVersion} is newer than this build knows (v${current}); upgrade the reader`,
          type,
          schemaVersion,
        );
      }
      let upcast = data;
      for (let version = schemaVersion; version < current; version++) {
        const step = steps.get(key(type, version));
        if (step === undefined) {
          throw new UpcastError(
            `no upcaster registered for ${type} v${version} → v${version + 1}`,
            type,
            version,
          );
        }
        upcast = step(upcast);
      }
      return { type, schemaVersion: current, data: upcast };
    },
  };
  return registry;
};
