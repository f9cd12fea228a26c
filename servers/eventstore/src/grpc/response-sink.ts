import type { ServerWritableStream } from '@grpc/grpc-js';
import { acceptPreFramedWrites, frameMessages, PreFramed } from './pre-framed-writes.js';
import type { StatusError } from './status-errors.js';

/** Encoded responses gathered into one write (see pre-framed-writes.ts) up to this many bytes. */
const BATCH_BYTES = 32 * 1024;

/**
 * Bytes of responses queued in grpc-js before a producer waits: room for a few hundred events,
 * so that each trip through the event loop hands HTTP/2 a batch of them. grpc's own signal
 * (`write` returning false after 16 messages) made the trip every 16 events, which cost more
 * CPU than encoding them.
 */
const QUEUED_BYTES_HIGH = 256 * 1024;
/** A waiting producer resumes once the queue is down to this. */
const QUEUED_BYTES_LOW = 64 * 1024;
/** What an object response (not an encoded Buffer) counts for: they are all small. */
const OBJECT_RESPONSE_BYTES = 64;

/**
 * Writes a server stream's responses with backpressure: the bytes handed to grpc and not yet
 * written out are bounded, so a slow reader never makes the server buffer its backlog.
 */
export class ResponseSink<T> {
  private isClosed = false;
  private queuedBytes = 0;
  private resumeWriter: (() => void) | undefined;
  /** Whether encoded responses may be gathered into one write; else each is written alone. */
  private readonly batching: boolean;
  private batch: Buffer[] = [];
  private batchBytes = 0;
  /** Waiters to release if the call closes; each removes itself once released otherwise. */
  private readonly wakeOnClose = new Set<() => void>();

  constructor(private readonly call: ServerWritableStream<unknown, T>) {
    this.batching = acceptPreFramedWrites(call);
    const close = (): void => this.markClosed();
    call.on('cancelled', close);
    call.on('close', close);
    call.on('error', close);
    call.on('finish', close);
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Writes one response now; resolves when more may be written (or the call is gone). */
  async write(response: T): Promise<void> {
    await this.flush();
    await this.send(response);
    await this.flush();
  }

  /**
   * Writes one response, or gathers an encoded one into the next batch; returns a promise only
   * when the caller must wait for the queue to go down first. Catch-up loops check for one
   * instead of awaiting every write: an await per event was a microtask per event. Gathered
   * responses go out on `flush` (and before any other write, wait or end).
   */
  send(response: T): Promise<void> | undefined {
    if (this.isClosed) return undefined;
    if (this.batching && Buffer.isBuffer(response)) {
      this.batch.push(response);
      this.batchBytes += response.length;
      return this.batchBytes >= BATCH_BYTES ? this.flush() : undefined;
    }
    this.flush();
    return this.writeNow(response, Buffer.isBuffer(response) ? response.length : OBJECT_RESPONSE_BYTES);
  }

  /** Writes what was gathered; a promise, as from `send`, when the caller must wait. */
  flush(): Promise<void> | undefined {
    if (this.isClosed || this.batch.length === 0) return this.backlogged();
    const bytes = frameMessages(this.batch, this.batchBytes);
    this.batch = [];
    this.batchBytes = 0;
    return this.writeNow(new PreFramed(bytes) as T, bytes.length);
  }

  private writeNow(response: T, bytes: number): Promise<void> | undefined {
    this.queuedBytes += bytes;
    this.call.write(response, () => this.written(bytes));
    return this.backlogged();
  }

  private backlogged(): Promise<void> | undefined {
    if (this.isClosed || this.queuedBytes < QUEUED_BYTES_HIGH) return undefined;
    return new Promise<void>((resolve) => {
      const done = (): void => {
        this.resumeWriter = undefined;
        this.wakeOnClose.delete(done);
        resolve();
      };
      this.resumeWriter = done;
      this.wakeOnClose.add(done);
    });
  }

  /** Resolves on `signal` or when the call closes, whichever is first. */
  waitFor(signal: Promise<void>): Promise<void> {
    void this.flush();
    if (this.isClosed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.wakeOnClose.delete(done);
        resolve();
      };
      this.wakeOnClose.add(done);
      void signal.then(done);
    });
  }

  end(): void {
    if (this.isClosed) return;
    void this.flush();
    this.markClosed();
    this.call.end();
  }

  fail(error: StatusError): void {
    if (this.isClosed) return;
    void this.flush();
    this.markClosed();
    this.call.emit('error', error);
  }

  private written(bytes: number): void {
    this.queuedBytes -= bytes;
    if (this.queuedBytes <= QUEUED_BYTES_LOW) this.resumeWriter?.();
  }

  private markClosed(): void {
    this.isClosed = true;
    for (const wake of [...this.wakeOnClose]) wake();
  }
}
