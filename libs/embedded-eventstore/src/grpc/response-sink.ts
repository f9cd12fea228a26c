import type { ServerWritableStream } from '@grpc/grpc-js';
import type { StatusError } from './status-errors.js';

/**
 * Writes a server stream's responses with grpc's backpressure: when `write` says the buffer is
 * full, the producer waits for 'drain', so a slow reader never makes the server buffer its backlog.
 */
export class ResponseSink<T> {
  private isClosed = false;
  /** Waiters to release if the call closes; each removes itself once released otherwise. */
  private readonly wakeOnClose = new Set<() => void>();

  constructor(private readonly call: ServerWritableStream<unknown, T>) {
    const close = (): void => this.markClosed();
    call.on('cancelled', close);
    call.on('close', close);
    call.on('error', close);
    call.on('finish', close);
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Writes one response; resolves when more may be written (or the call is gone). */
  async write(response: T): Promise<void> {
    if (this.isClosed) return;
    if (this.call.write(response)) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.call.off('drain', done);
        this.wakeOnClose.delete(done);
        resolve();
      };
      this.call.once('drain', done);
      this.wakeOnClose.add(done);
    });
  }

  /** Resolves on `signal` or when the call closes, whichever is first. */
  waitFor(signal: Promise<void>): Promise<void> {
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
    this.markClosed();
    this.call.end();
  }

  fail(error: StatusError): void {
    if (this.isClosed) return;
    this.markClosed();
    this.call.emit('error', error);
  }

  private markClosed(): void {
    this.isClosed = true;
    for (const wake of [...this.wakeOnClose]) wake();
  }
}
