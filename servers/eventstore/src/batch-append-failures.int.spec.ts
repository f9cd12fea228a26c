import type { ClientDuplexStream } from '@grpc/grpc-js';
import { Client as GrpcClient, credentials, Metadata, status } from '@grpc/grpc-js';
import { jsonEvent, StreamNotFoundError, UnknownError } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as TimestampPb from 'google-protobuf/google/protobuf/timestamp_pb.js';
import { emptyPb, sharedPb, streamsPb } from './grpc/generated-code.js';
import type { StreamsPb } from './grpc/generated-code.js';
import type { TestEventStore } from './testing/event-store.fixture.js';
import { collect, eventually, startTestEventStore } from './testing/event-store.fixture.js';

const { Timestamp } = createRequire(import.meta.url)(
  'google-protobuf/google/protobuf/timestamp_pb.js',
) as typeof TimestampPb;

type Request = InstanceType<typeof streamsPb.BatchAppendReq>;
type Call = ClientDuplexStream<Request, StreamsPb.BatchAppendResp>;

const event = (metadata: Record<string, string>, id: string = randomUUID()) => {
  const message = new streamsPb.BatchAppendReq.ProposedMessage();
  message.setId(new sharedPb.UUID().setString(id));
  for (const [key, value] of Object.entries(metadata)) message.getMetadataMap().set(key, value);
  message.setData(Buffer.from('{}'));
  return message;
};
const valid = () => event({ type: 'Valid', 'content-type': 'application/json' });

/** One chunk of an append; options (and so a deadline) only when `streamName` is given. */
function chunk(
  correlationId: string,
  events: Array<InstanceType<typeof streamsPb.BatchAppendReq.ProposedMessage>>,
  isFinal: boolean,
  streamName?: string,
  deadlineMs?: number,
): Request {
  const request = new streamsPb.BatchAppendReq();
  request.setCorrelationId(new sharedPb.UUID().setString(correlationId));
  if (streamName !== undefined) {
    const options = new streamsPb.BatchAppendReq.Options();
    options.setStreamIdentifier(new sharedPb.StreamIdentifier().setStreamName(Buffer.from(streamName)));
    options.setAny(new emptyPb.Empty());
    if (deadlineMs !== undefined) {
      const at = Date.now() + deadlineMs;
      options.setDeadline(new Timestamp().setSeconds(Math.floor(at / 1000)).setNanos((at % 1000) * 1e6));
    }
    request.setOptions(options);
  }
  return request.setProposedMessagesList(events).setIsFinal(isFinal);
}

describe('BatchAppend answers a failing append alone and keeps the call open', () => {
  let es: TestEventStore;
  let raw: GrpcClient;
  beforeAll(async () => {
    es = await startTestEventStore();
    raw = new GrpcClient(`${es.store.host}:${es.store.port}`, credentials.createInsecure());
  });
  afterAll(async () => {
    raw.close();
    await es.stop();
  });

  const stream = () => `batch-failure-${randomUUID()}`;
  const isAbsent = (name: string) =>
    expect(collect(es.client.readStream(name))).rejects.toBeInstanceOf(StreamNotFoundError);

  /** A raw BatchAppend call; its answers in order, and by correlation id. */
  function openCall() {
    const received: string[] = [];
    const answers = new Map<string, StreamsPb.BatchAppendResp>();
    let ended = false;
    const call: Call = raw.makeBidiStreamRequest(
      '/event_store.client.streams.Streams/BatchAppend',
      (message: Request) => Buffer.from(message.serializeBinary()),
      (bytes: Buffer) => streamsPb.BatchAppendResp.deserializeBinary(bytes),
      new Metadata(),
      {},
    );
    call.on('data', (answer: StreamsPb.BatchAppendResp) => {
      const id = answer.getCorrelationId()!.getString();
      received.push(id);
      answers.set(id, answer);
    });
    call.on('error', () => (ended = true));
    call.on('end', () => (ended = true));
    return { call, received, answers, ended: () => ended };
  }

  it('fails only the append with a bad event; an append sent just before succeeds and is kept', async () => {
    const [good, bad, later] = [stream(), stream(), stream()];
    const goodEvents = Array.from({ length: 200 }, (_, index) =>
      jsonEvent({ type: 'Good', data: { index } }),
    );
    const [goodResult, badResult] = await Promise.allSettled([
      es.client.appendToStream(good, goodEvents),
      es.client.appendToStream(bad, jsonEvent({ type: 'Bad', data: {}, id: 'not-a-uuid' })),
    ]);
    expect(goodResult).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 199n } });
    expect(badResult).toMatchObject({ status: 'rejected', reason: expect.any(UnknownError) });
    expect(await collect(es.client.readStream(good))).toHaveLength(200);
    await isAbsent(bad);
    const after = await es.client.appendToStream(later, jsonEvent({ type: 'Later', data: {} }));
    expect(after.nextExpectedRevision).toBe(0n);
  });

  it.each([
    ['an id that is not a UUID', event({ type: 'T', 'content-type': 'application/json' }, 'nope')],
    ['no content-type', event({ type: 'T' })],
    ['no type', event({ 'content-type': 'application/json' })],
  ])('answers an event with %s with a BadRequest status for its append only', async (_what, bad) => {
    const { call, received, answers, ended } = openCall();
    const [badStream, goodStream] = [stream(), stream()];
    const [badId, goodId] = [randomUUID(), randomUUID()];
    call.write(chunk(badId, [valid(), bad], true, badStream));
    call.write(chunk(goodId, [valid()], true, goodStream));
    await eventually(() => answers.size === 2);
    expect(received.sort()).toEqual([badId, goodId].sort());
    const refused = answers.get(badId)!;
    expect(refused.getError()?.getCode()).toBe(status.INVALID_ARGUMENT);
    expect(refused.getError()?.getDetails()?.getTypeName()).toBe('event_store.client.BadRequest');
    expect(Buffer.from(refused.getStreamIdentifier()!.getStreamName_asU8()).toString()).toBe(badStream);
    expect(answers.get(goodId)!.hasSuccess()).toBe(true);
    expect(ended()).toBe(false);
    call.end();
    await isAbsent(badStream);
  });

  it('answers a chunked append whose last chunk does not come in time with a Timeout, and drops it', async () => {
    const { call, received, answers, ended } = openCall();
    const [name, witness] = [stream(), stream()];
    const [late, witnessId] = [randomUUID(), randomUUID()];
    call.write(chunk(late, [valid()], false, name, 200));
    await eventually(() => answers.has(late), 10_000);
    const timedOut = answers.get(late)!;
    expect(timedOut.getError()?.getDetails()?.getTypeName()).toBe('event_store.client.Timeout');
    expect(Buffer.from(timedOut.getStreamIdentifier()!.getStreamName_asU8()).toString()).toBe(name);
    // The rest of the append arrives after all: nothing of it is written, and no second answer.
    call.write(chunk(late, [valid()], true));
    call.write(chunk(witnessId, [valid()], true, witness));
    await eventually(() => answers.has(witnessId));
    expect(answers.get(witnessId)!.hasSuccess()).toBe(true);
    expect(received).toEqual([late, witnessId]);
    expect(ended()).toBe(false);
    call.end();
    await isAbsent(name);
  }, 30_000);
});
