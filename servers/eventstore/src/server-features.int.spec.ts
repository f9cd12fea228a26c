import type { MethodDefinition, ServiceError } from '@grpc/grpc-js';
import { credentials } from '@grpc/grpc-js';
import type { ServerFeaturesPb } from './grpc/generated-code.js';
import { serverFeaturesGrpc, sharedPb, streamsGrpc } from './grpc/generated-code.js';
import type { TestEventStore } from './testing/event-store.fixture.js';
import { startTestEventStore } from './testing/event-store.fixture.js';

type SupportedMethods = ServerFeaturesPb.SupportedMethods;

/** The client decides between Append and BatchAppend with this (protected in its typings). */
type FeatureAware = { supports(method: MethodDefinition<unknown, unknown>): Promise<boolean> };

describe('ServerFeatures.GetSupportedMethods', () => {
  let es: TestEventStore;
  beforeAll(async () => {
    es = await startTestEventStore();
  });
  afterAll(() => es.stop());

  it('lists the Streams methods, BatchAppend among them, with a server version', async () => {
    const features = new serverFeaturesGrpc.ServerFeaturesClient(
      `${es.store.host}:${es.store.port}`,
      credentials.createInsecure(),
    );
    try {
      const answer = await new Promise<SupportedMethods>((resolve, reject) =>
        features.getSupportedMethods(
          new sharedPb.Empty(),
          (error: ServiceError | null, methods?: SupportedMethods) =>
            error ? reject(error) : resolve(methods!),
        ),
      );
      const listed = answer.getMethodsList().map((m) => `${m.getServiceName()}/${m.getMethodName()}`);
      expect(listed).toEqual(
        expect.arrayContaining(
          ['read', 'append', 'batchappend', 'delete', 'tombstone'].map(
            (method) => `event_store.client.streams.streams/${method}`,
          ),
        ),
      );
      expect(answer.getEventStoreServerVersion()).toMatch(/^\d+\.\d+\.\d+/);
    } finally {
      features.close();
    }
  });

  it('makes the official client choose BatchAppend', async () => {
    const client = es.client as unknown as FeatureAware;
    const batchAppend = streamsGrpc.StreamsService.batchAppend as MethodDefinition<unknown, unknown>;
    expect(await client.supports(batchAppend)).toBe(true);
  });
});
