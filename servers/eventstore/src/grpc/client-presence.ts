import type { Http2Session, ServerHttp2Stream } from 'node:http2';

/** The link of grpc-js's server call chain that holds the HTTP/2 stream (grpc-js internals). */
interface InterceptingCallLink {
  stream?: ServerHttp2Stream;
  nextCall?: InterceptingCallLink;
}

/**
 * Whether the client of a call whose request stream has just ended is still there. grpc-js
 * reports a cancelled call first as an ended request stream (the client's HTTP/2 stack sends
 * END_STREAM, then RST_STREAM), and as cancelled only later. The client answers a PING sent now
 * after every frame it sent before, a RST_STREAM included: once the answer is in, the HTTP/2
 * stream's state tells. Costs one round trip.
 */
export function clientStillThere(call: object): Promise<boolean> {
  const stream = http2StreamOf(call);
  // Unknown grpc-js internals: assume present (the append-abandoned tests would notice).
  if (!stream) return Promise.resolve(true);
  const session = stream.session;
  if (!session || isGone(stream)) return Promise.resolve(false);
  let fence = fences.get(session);
  if (!fence) {
    fence = new PingFence(session);
    fences.set(session, fence);
  }
  return fence.wait().then((answered) => answered && !isGone(stream));
}

function isGone(stream: ServerHttp2Stream): boolean {
  // The server has not answered yet, so a closed stream means the client reset it.
  return stream.closed || stream.destroyed || stream.session === undefined || stream.session.destroyed;
}

function http2StreamOf(call: object): ServerHttp2Stream | undefined {
  let link = (call as { call?: InterceptingCallLink }).call;
  for (let depth = 0; link && depth < 8; depth++) {
    if (link.stream) return link.stream;
    link = link.nextCall;
  }
  return undefined;
}

const fences = new WeakMap<Http2Session, PingFence>();

/**
 * PINGs on one session, shared: waiters that arrive while a PING is out wait for the next one
 * (sent after them), so one session never has more than one of these PINGs outstanding.
 */
class PingFence {
  private inFlight = false;
  private queued: Array<(answered: boolean) => void> = [];

  constructor(private readonly session: Http2Session) {}

  /** Resolves true once the client has answered a PING sent after this call, false if it cannot. */
  wait(): Promise<boolean> {
    return new Promise((resolve) => {
      this.queued.push(resolve);
      if (!this.inFlight) this.send();
    });
  }

  private send(): void {
    const waiters = this.queued;
    this.queued = [];
    this.inFlight = true;
    const settle = (answered: boolean): void => {
      this.inFlight = false;
      for (const resolve of waiters) resolve(answered);
      if (this.queued.length > 0) this.send();
    };
    try {
      // false: too many PINGs outstanding on the session (someone else's); no answer will come.
      if (!this.session.ping((error) => settle(!error))) settle(true);
    } catch {
      // The session is being destroyed: the client is gone.
      settle(false);
    }
  }
}
