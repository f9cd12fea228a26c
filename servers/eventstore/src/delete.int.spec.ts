import type { EventStoreDBClient } from '@eventstore/db-client';
import {
  jsonEvent,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import type { ServiceError } from '@grpc/grpc-js';
import { Client as GrpcClient, credentials, Metadata, status } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { sharedPb, streamsPb } from './grpc/generated-code.js';
import type { TestEventStore } from './testing/event-store.fixture.js';
import { collect, eventually, rejectionOf, startTestEventStore } from './testing/event-store.fixture.js';
import { SubscriptionRecorder } from './testing/subscription-recorder.js';

const event = (type = 'ThingHappened') => jsonEvent({ type, data: {} });

describe('deleting streams', () => {
  let es: TestEventStore;
  let client: EventStoreDBClient;
  beforeAll(async () => {
    es = await startTestEventStore();
    client = es.client;
  });
  afterAll(() => es.stop());
  const stream = () => `del-${randomUUID()}`;

  describe('soft delete', () => {
    it('makes reads say not found, until an append revives the stream with numbering continued', async () => {
      const name = stream();
      await client.appendToStream(name, [event('A'), event('B')]);
      const deleted = await client.deleteStream(name, { expectedRevision: 1n });
      expect(deleted.position!.commit).toBeGreaterThan(0n);
      await expect(collect(client.readStream(name))).rejects.toBeInstanceOf(StreamNotFoundError);
      const revived = await client.appendToStream(name, event('C'), { expectedRevision: 'no_stream' });
      expect(revived.nextExpectedRevision).toBe(2n);
      const read = await collect(client.readStream(name));
      expect(read.map((e) => [e.event!.type, e.event!.revision])).toEqual([['C', 2n]]);
    });

    it('revives with any and with the last revision too', async () => {
      for (const expectedRevision of ['any', 0n] as const) {
        const name = stream();
        await client.appendToStream(name, event('A'));
        await client.deleteStream(name);
        const revived = await client.appendToStream(name, event('B'), { expectedRevision });
        expect(revived.nextExpectedRevision).toBe(1n);
      }
    });

    it('answers stream_exists on a soft-deleted stream with stream deleted', async () => {
      const name = stream();
      await client.appendToStream(name, event());
      await client.deleteStream(name);
      const error = await rejectionOf(
        client.appendToStream(name, event(), { expectedRevision: 'stream_exists' }),
      );
      expect(error).toBeInstanceOf(StreamDeletedError);
      expect(error).toMatchObject({ streamName: name });
    });

    it('checks the expected revision', async () => {
      const name = stream();
      await client.appendToStream(name, [event(), event()]);
      const error = await rejectionOf(client.deleteStream(name, { expectedRevision: 0n }));
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect(error).toMatchObject({ streamName: name, expectedVersion: 0n, actualVersion: 1n });
      // Over a status trailer the client reports both versions as numbers (-1 = no stream).
      const absent = await rejectionOf(client.deleteStream(stream(), { expectedRevision: 3n }));
      expect(absent).toMatchObject({ expectedVersion: 3n, actualVersion: -1n });
      const present = await rejectionOf(client.deleteStream(name, { expectedRevision: 'no_stream' }));
      expect(present).toMatchObject({ expectedVersion: -1n, actualVersion: 1n });
    });

    it('refuses a stream that never existed with wrong expected version, even with any', async () => {
      for (const [expectedRevision, expectedVersion] of [
        ['any', -2n],
        ['no_stream', -1n],
      ] as const) {
        const name = stream();
        const error = await rejectionOf(client.deleteStream(name, { expectedRevision }));
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect(error).toMatchObject({ streamName: name, expectedVersion, actualVersion: -1n });
        // Nothing was written: no `$tb` in a metadata stream, so an append starts at revision 0.
        await expect(collect(client.readStream(`$$${name}`))).rejects.toBeInstanceOf(StreamNotFoundError);
        const first = await client.appendToStream(name, event(), { expectedRevision: 'no_stream' });
        expect(first.nextExpectedRevision).toBe(0n);
      }
    });

    it('answers a raw Delete of a stream that never existed with the real server’s status', async () => {
      const name = stream();
      const options = new streamsPb.DeleteReq.Options();
      options.setStreamIdentifier(new sharedPb.StreamIdentifier().setStreamName(Buffer.from(name)));
      options.setAny(new sharedPb.Empty());
      const raw = new GrpcClient(`${es.store.host}:${es.store.port}`, credentials.createInsecure());
      try {
        const error = await new Promise<ServiceError | null>((resolve) => {
          raw.makeUnaryRequest(
            '/event_store.client.streams.Streams/Delete',
            (request: InstanceType<typeof streamsPb.DeleteReq>) => Buffer.from(request.serializeBinary()),
            (bytes: Buffer) => bytes,
            new streamsPb.DeleteReq().setOptions(options),
            new Metadata(),
            {},
            (failure) => resolve(failure),
          );
        });
        expect(error?.code).toBe(status.FAILED_PRECONDITION);
        expect(error?.metadata.getMap()).toMatchObject({
          exception: 'wrong-expected-version',
          'stream-name': name,
          'expected-version': '-2',
          'actual-version': '-1',
        });
      } finally {
        raw.close();
      }
    });

    it('still tombstones a stream that never existed', async () => {
      const name = stream();
      await expect(client.tombstoneStream(name)).resolves.toBeDefined();
      await expect(collect(client.readStream(name))).rejects.toBeInstanceOf(StreamDeletedError);
    });

    it('counts a stream with only metadata as absent for no_stream', async () => {
      const name = stream();
      await client.setStreamMetadata(name, { maxCount: 5 });
      await expect(client.deleteStream(name, { expectedRevision: 'no_stream' })).resolves.toBeDefined();
    });
  });

  describe('tombstone', () => {
    let name: string;
    beforeAll(async () => {
      name = stream();
      await client.appendToStream(name, event());
      await client.tombstoneStream(name, { expectedRevision: 0n });
    });

    it('makes reads fail with stream deleted', async () => {
      const error = await rejectionOf(collect(client.readStream(name)));
      expect(error).toBeInstanceOf(StreamDeletedError);
      expect(error).toMatchObject({ streamName: name });
    });

    it('makes appends fail with stream deleted, whatever the expected revision', async () => {
      for (const expectedRevision of ['any', 'no_stream', 'stream_exists', 0n] as const) {
        const error = await rejectionOf(client.appendToStream(name, event(), { expectedRevision }));
        expect(error).toBeInstanceOf(StreamDeletedError);
        expect(error).toMatchObject({ streamName: name });
      }
    });

    it('makes deletes and tombstones fail with stream deleted', async () => {
      await expect(client.deleteStream(name)).rejects.toMatchObject({
        type: 'stream-deleted',
        streamName: name,
      });
      await expect(client.tombstoneStream(name)).rejects.toMatchObject({
        type: 'stream-deleted',
        streamName: name,
      });
    });

    it('makes subscriptions fail with stream deleted', async () => {
      const recorder = new SubscriptionRecorder(client.subscribeToStream(name));
      await eventually(() => recorder.error !== undefined);
      expect(recorder.error).toBeInstanceOf(StreamDeletedError);
    });

    it('ends a live subscription to the stream with stream deleted', async () => {
      const live = stream();
      await client.appendToStream(live, event());
      const recorder = new SubscriptionRecorder(client.subscribeToStream(live));
      await eventually(() => recorder.caughtUp);
      await client.tombstoneStream(live);
      await eventually(() => recorder.error !== undefined);
      expect(recorder.error).toBeInstanceOf(StreamDeletedError);
    });

    it('checks the expected revision', async () => {
      const other = stream();
      await client.appendToStream(other, event());
      const error = await rejectionOf(client.tombstoneStream(other, { expectedRevision: 'no_stream' }));
      expect(error).toMatchObject({ streamName: other, expectedVersion: -1n, actualVersion: 0n });
    });
  });
});
