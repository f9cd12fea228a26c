export type StreamType = 'account' | 'transfer';
export type FieldError = { field: string; message: string };
/** Mirrors the event store's expected revision without depending on its client. */
export type ExpectedStreamRevision = bigint | 'any' | 'no_stream' | 'stream_exists';
export type ActualStreamRevision = bigint | 'no_stream';

/** Every business-rule failure; the HTTP layer maps `code` to a status. */
export abstract class DomainError extends Error {
  abstract readonly code: string;
}

export class ValidationError extends DomainError {
  readonly code = 'validation';
  constructor(
    message: string,
    readonly fields: FieldError[],
  ) {
    super(message);
    this.name = 'ValidationError';
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'not-found';
  constructor(
    readonly streamType: StreamType,
    readonly id: string,
  ) {
    super(`${streamType} ${id} not found`);
    this.name = 'NotFoundError';
  }
}

export class AlreadyExistsError extends DomainError {
  readonly code = 'already-exists';
  constructor(
    readonly streamType: StreamType,
    readonly id: string,
  ) {
    super(`${streamType} ${id} already exists`);
    this.name = 'AlreadyExistsError';
  }
}

export class IllegalStateError extends DomainError {
  readonly code = 'illegal-state';
  constructor(
    message: string,
    readonly reason: string,
  ) {
    super(message);
    this.name = 'IllegalStateError';
  }
}

export class InsufficientFundsError extends DomainError {
  readonly code = 'insufficient-funds';
  constructor(
    readonly accountId: string,
    readonly balance: number,
    readonly amount: number,
    readonly overdraftLimit: number,
  ) {
    super(`account ${accountId} cannot pay ${amount}: balance ${balance}, overdraft limit ${overdraftLimit}`);
    this.name = 'InsufficientFundsError';
  }
}

export class ConcurrencyError extends DomainError {
  readonly code = 'concurrency';
  constructor(
    readonly streamName: string,
    readonly expectedRevision: ExpectedStreamRevision,
    readonly actualRevision?: ActualStreamRevision,
  ) {
    super(
      `stream ${streamName} expected at revision ${String(expectedRevision)}` +
        (actualRevision === undefined ? '' : ` but is at ${String(actualRevision)}`),
    );
    this.name = 'ConcurrencyError';
  }
}
