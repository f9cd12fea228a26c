import { credentials as grpcCredentials, Client as GrpcClient, Metadata } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import { persistentSubscriptionToStreamSettingsFromDefaults } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { emptyPb, sharedPb, streamsPb } from './grpc/generated-code.js';
import type { TestEventStore } from './testing/event-store.fixture.js';
import {
  collect,
  eventually,
  rejectionOf,
  expectStillServes,
  startTestEventStore,
} from './testing/event-store.fixture.js';

const identity = (buffer: Buffer): Buffer => buffer;

describe('a server facing odd clients', () => {
  let es: TestEventStore;
  let raw: GrpcClient;
  beforeAll(async () => {
    es = await startTestEventStore();
    raw = new GrpcClient(`${es.store.host}:${es.store.port}`, grpcCredentials.createInsecure());
  });
  afterAll(async () => {
    raw.close();
    await es.stop();
  });

  const stillServes = (): Promise<void> => expectStillServes(es.client);

  it('answers what it does not offer with UNIMPLEMENTED', async () => {
    const persistent = await rejectionOf(
      es.client.createPersistentSubscriptionToStream(
        's',
        'g',
        persistentSubscriptionToStreamSettingsFromDefaults(),
      ),
    );
    expect(persistent).toMatchObject({ code: 12 });
    const projections = await rejectionOf(es.client.listProjections());
    expect(projections).toMatchObject({ code: 12 });
    const subscribe = es.client.subscribeToPersistentSubscriptionToStream('s', 'g');
    const dropped = await new Promise((resolve) => subscribe.on('error', resolve));
    expect(dropped).toMatchObject({ code: 12 });
    await stillServes();
  });

  it('rejects a malformed message and keeps serving', async () => {
    const error = await new Promise<ServiceError>((resolve) => {
      const call = raw.makeServerStreamRequest(
        '/event_store.client.streams.Streams/Read',
        identity,
        identity,
        Buffer.from([0xff, 0xff, 0xff, 0x07, 0x01]),
        new Metadata(),
        {},
      );
      call.on('data', () => undefined);
      call.on('error', resolve);
    });
    expect(error.code).not.toBe(0);
    await stillServes();
  });

  it('survives clients that vanish in the middle of a subscription or a chunked append', async () => {
    const vanishing = new GrpcClient(`${es.store.host}:${es.store.port}`, grpcCredentials.createInsecure());
    const request = new streamsPb.ReadReq();
    const options = new streamsPb.ReadReq.Options();
    options.setAll(new streamsPb.ReadReq.Options.AllOptions().setStart(new sharedPb.Empty()));
    options.setSubscription(new streamsPb.ReadReq.Options.SubscriptionOptions());
    options.setNoFilter(new sharedPb.Empty());
    options.setUuidOption(new streamsPb.ReadReq.Options.UUIDOption().setString(new sharedPb.Empty()));
    request.setOptions(options);
    let received = 0;
    const subscription = vanishing.makeServerStreamRequest(
      '/event_store.client.streams.Streams/Read',
      (message: InstanceType<typeof streamsPb.ReadReq>) => Buffer.from(message.serializeBinary()),
      identity,
      request,
      new Metadata(),
      {},
    );
    subscription.on('data', () => received++);
    subscription.on('error', () => undefined);
    const append = vanishing.makeBidiStreamRequest(
      '/event_store.client.streams.Streams/BatchAppend',
      (message: InstanceType<typeof streamsPb.BatchAppendReq>) => Buffer.from(message.serializeBinary()),
      identity,
      new Metadata(),
      {},
    );
    append.on('error', () => undefined);
    const chunk = new streamsPb.BatchAppendReq();
    chunk.setCorrelationId(new sharedPb.UUID().setString(randomUUID()));
    const appendOptions = new streamsPb.BatchAppendReq.Options();
    appendOptions.setStreamIdentifier(
      new sharedPb.StreamIdentifier().setStreamName(Buffer.from('half-written')),
    );
    appendOptions.setAny(new emptyPb.Empty());
    chunk.setOptions(appendOptions);
    chunk.setIsFinal(false);
    append.write(chunk);
    await eventually(() => received > 0);
    vanishing.close();
    subscription.cancel();
    append.cancel();
    await stillServes();
    await expect(collect(es.client.readStream('half-written'))).rejects.toMatchObject({
      type: 'stream-not-found',
    });
  });

  it('writes $statsCollected system events periodically when asked', async () => {
    const withStats = await startTestEventStore({ statsIntervalMs: 50 });
    try {
      await eventually(async () => {
        const all = await collect(withStats.client.readAll());
        return all.some(
          (e) => e.event!.type === '$statsCollected' && e.event!.streamId.startsWith('$stats-'),
        );
      });
    } finally {
      await withStats.stop();
    }
  });
});
