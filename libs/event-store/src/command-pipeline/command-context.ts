/** Who asked for a command, why, and under which guarantees; becomes each event's metadata. */
export type CommandContext = {
  /** Unique per command; the causation id of its events unless `causationId` says otherwise. */
  commandId: string;
  correlationId: string;
  /** What caused the command when it was not a request: the event a process manager reacted to. */
  causationId?: string;
  /** The principal's name: the Idempotency-Key is theirs, and no other principal's. */
  actor: string;
  /** ISO 8601 time the command was issued: the domain's `now` and the events' `occurredAt`. */
  issuedAt: string;
  idempotencyKey?: string;
  /** Hash of the request; a reused key with another hash is rejected. */
  requestHash?: string;
  /** W3C `traceparent` of the span the command runs in; its events carry it. */
  traceparent?: string;
  /** From If-Match: the stream must be at exactly this revision, or exist at all (`*`). */
  expectedRevision?: bigint | 'exists';
};

/** What a command answers: the revision of the stream and the commit position of its last event. */
export type CommandOutcome = {
  revision: bigint;
  position: bigint;
  /**
   * True when the command was found already recorded, so nothing was sent to the store. A retry
   * that only the store recognised (another process wrote it since this one last looked)
   * answers the same revision and position, with `replayed` false.
   */
  replayed: boolean;
};
