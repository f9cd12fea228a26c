import type { MethodDefinition, ServiceDefinition, ServiceError } from '@grpc/grpc-js';
import { Client as GrpcClient, credentials, Metadata, status } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { loadServices, sharedPb, streamsPb } from './grpc/generated-code.js';
import type { TestEventStore } from './testing/event-store.fixture.js';
import { collect, expectStillServes, startTestEventStore } from './testing/event-store.fixture.js';

type AppendReq = InstanceType<typeof streamsPb.AppendReq>;
const identity = (buffer: Buffer): Buffer => buffer;
const encode = (message: { serializeBinary(): Uint8Array }): Buffer => Buffer.from(message.serializeBinary());

/** Calls any method with an empty request, whatever its kind, and resolves with its final status. */
function callEmpty(raw: GrpcClient, spec: MethodDefinition<unknown, unknown>): Promise<ServiceError | null> {
  const empty = Buffer.alloc(0);
  return new Promise((resolve) => {
    const done = (error: ServiceError | null): void => resolve(error);
    if (!spec.requestStream && !spec.responseStream) {
      raw.makeUnaryRequest(spec.path, identity, identity, empty, new Metadata(), {}, done);
    } else if (spec.requestStream && !spec.responseStream) {
      raw.makeClientStreamRequest(spec.path, identity, identity, new Metadata(), {}, done).end();
    } else if (spec.requestStream) {
      const call = raw.makeBidiStreamRequest(spec.path, identity, identity, new Metadata(), {});
      call.on('data', () => undefined);
      call.on('error', done);
      call.on('end', () => done(null));
      call.end();
    } else {
      const call = raw.makeServerStreamRequest(spec.path, identity, identity, empty, new Metadata(), {});
      call.on('data', () => undefined);
      call.on('error', done);
      call.on('end', () => done(null));
    }
  });
}

const appendOptions = (streamName: string): AppendReq => {
  const options = new streamsPb.AppendReq.Options();
  options.setStreamIdentifier(new sharedPb.StreamIdentifier().setStreamName(Buffer.from(streamName)));
  options.setAny(new sharedPb.Empty());
  return new streamsPb.AppendReq().setOptions(options);
};

const proposed = (metadata: Record<string, string>): AppendReq => {
  const message = new streamsPb.AppendReq.ProposedMessage();
  message.setId(new sharedPb.UUID().setString(randomUUID()));
  for (const [key, value] of Object.entries(metadata)) message.getMetadataMap().set(key, value);
  message.setData(Buffer.from('{}'));
  return new streamsPb.AppendReq().setProposedMessage(message);
};

describe('a server facing bad input', () => {
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

  const stillServes = (): Promise<void> => expectStillServes(es.client);
  const isAbsent = (name: string) =>
    expect(collect(es.client.readStream(name))).rejects.toMatchObject({ type: 'stream-not-found' });

  /** Streams.Append, raw: the given messages, then the end of the request stream. */
  const rawAppend = (messages: Array<AppendReq | Buffer>): Promise<ServiceError | null> =>
    new Promise((resolve) => {
      const call = raw.makeClientStreamRequest(
        '/event_store.client.streams.Streams/Append',
        (message: AppendReq | Buffer) => (Buffer.isBuffer(message) ? message : encode(message)),
        identity,
        new Metadata(),
        {},
        (error: ServiceError | null) => resolve(error),
      );
      for (const message of messages) call.write(message);
      call.end();
    });

  it.each([
    ['users_grpc_pb.js', 'UsersService'],
    ['operations_grpc_pb.js', 'OperationsService'],
  ])('answers every method of %s %s with UNIMPLEMENTED', async (file, service) => {
    const definition = loadServices(file)[service] as ServiceDefinition;
    const methods = Object.values(definition);
    expect(methods.length).toBeGreaterThan(0);
    for (const spec of methods) {
      const error = await callEmpty(raw, spec as MethodDefinition<unknown, unknown>);
      expect({ path: spec.path, code: error?.code }).toEqual({ path: spec.path, code: status.UNIMPLEMENTED });
    }
    await stillServes();
  });

  it('answers an unknown method or service with UNIMPLEMENTED', async () => {
    for (const path of ['/event_store.client.streams.Streams/Nope', '/nope.Nowhere/Nothing']) {
      const error = await callEmpty(raw, {
        path,
        requestStream: false,
        responseStream: false,
      } as MethodDefinition<unknown, unknown>);
      expect(error?.code).toBe(status.UNIMPLEMENTED);
    }
    await stillServes();
  });

  it.each([
    ['content-type', { type: 'Typed' }],
    ['type', { 'content-type': 'application/json' }],
  ])(
    'refuses an Append event without %s: INVALID_ARGUMENT, missing-required-metadata-property',
    async (_missing, metadata) => {
      const name = `untyped-${randomUUID()}`;
      const error = await rawAppend([appendOptions(name), proposed(metadata)]);
      expect(error?.code).toBe(status.INVALID_ARGUMENT);
      expect(error?.metadata.get('exception')).toEqual(['missing-required-metadata-property']);
      expect(error?.metadata.get('required-metadata-properties')).toEqual(['type,content-type']);
      await isAbsent(name);
      await stillServes();
    },
  );

  it('refuses an Append without options first, without any message, or with an empty stream name', async () => {
    const valid = proposed({ type: 'T', 'content-type': 'application/json' });
    // The real server throws here (UNKNOWN); any error status is acceptable, success is not.
    expect((await rawAppend([valid]))?.code).toBeGreaterThan(status.OK);
    expect((await rawAppend([]))?.code).toBeGreaterThan(status.OK);
    const unnamed = await rawAppend([appendOptions(''), valid]);
    expect(unnamed?.code).toBe(status.INVALID_ARGUMENT);
    await stillServes();
  });

  it('refuses undecodable Append bytes and keeps serving', async () => {
    const error = await rawAppend([Buffer.from([0xff, 0xff, 0xff, 0x07, 0x01])]);
    expect(error?.code).toBeGreaterThan(status.OK);
    await stillServes();
  });

  it('refuses a Read without options and a Delete without a stream name', async () => {
    const read = await callEmpty(raw, {
      path: '/event_store.client.streams.Streams/Read',
      requestStream: false,
      responseStream: true,
    } as MethodDefinition<unknown, unknown>);
    expect(read?.code).toBe(status.INVALID_ARGUMENT);
    const deletion = await callEmpty(raw, {
      path: '/event_store.client.streams.Streams/Delete',
      requestStream: false,
      responseStream: false,
    } as MethodDefinition<unknown, unknown>);
    expect(deletion?.code).toBe(status.INVALID_ARGUMENT);
    await stillServes();
  });
});
