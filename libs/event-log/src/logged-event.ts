/** An event as the developer tools show it: where it sits, its schema version, data and metadata. */
export interface LoggedEvent {
  eventId: string;
  eventType: string;
  streamId: string;
  revision: bigint;
  position: { commit: bigint; prepare: bigint };
  created: Date;
  /** The version `data` is at: the current one when upcast, the stored one otherwise. */
  schemaVersion: number;
  data: unknown;
  metadata: Record<string, unknown>;
  /** True when `data` was upcast from an older stored version. */
  upcast: boolean;
}

/** Thrown for a stream or aggregate that does not exist (the CLI's "not found"). */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/** Thrown for a request the tools refuse (the CLI's "usage" error). */
export class InvalidRequestError extends Error {
  override readonly name = 'InvalidRequestError';
}
