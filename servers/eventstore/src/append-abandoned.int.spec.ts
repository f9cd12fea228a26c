import type { ClientWritableStream, ServiceError } from '@grpc/grpc-js';
import { Client as GrpcClient, credentials, Metadata, status } from '@grpc/grpc-js';
import { StreamNotFoundError } from '@eventstore/db-client';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { sharedPb, streamsPb } from './grpc/generated-code.js';
import type { TestEventStore } from './testing/event-store.fixture.js';
import { collect, eventually, startTestEventStore } from './testing/event-store.fixture.js';

type AppendReq = InstanceType<typeof streamsPb.AppendReq>;
const APPEND = '/event_store.client.streams.Streams/Append';
const SUPPORTED_METHODS = '/event_store.client.server_features.ServerFeatures/GetSupportedMethods';
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const identity = (buffer: Buffer): Buffer => buffer;
const encode = (message: AppendReq): Buffer => Buffer.from(message.serializeBinary());

const appendOptions = (streamName: string): AppendReq => {
  const options = new streamsPb.AppendReq.Options();
  options.setStreamIdentifier(new sharedPb.StreamIdentifier().setStreamName(Buffer.from(streamName)));
  options.setAny(new sharedPb.Empty());
  return new streamsPb.AppendReq().setOptions(options);
};

const proposed = (): AppendReq => {
  const message = new streamsPb.AppendReq.ProposedMessage();
  message.setId(new sharedPb.UUID().setString(randomUUID()));
  message.getMetadataMap().set('type', 'HalfSent');
  message.getMetadataMap().set('content-type', 'application/json');
  message.setData(Buffer.from('{}'));
  return new streamsPb.AppendReq().setProposedMessage(message);
};

/**
 * A client that sends an Append's options and two events, waits until the server has them (a
 * round trip on the same connection), prints `sent`, then waits to be killed.
 */
const HALF_SENDING_CLIENT = `
const grpc = require('@grpc/grpc-js');
const [address, ...messages] = process.argv.slice(1);
const identity = (buffer) => buffer;
const client = new grpc.Client(address, grpc.credentials.createInsecure());
const call = client.makeClientStreamRequest(${JSON.stringify(APPEND)}, identity, identity, new grpc.Metadata(), {}, () => {});
const write = (message) => new Promise((resolve) => call.write(Buffer.from(message, 'base64'), resolve));
(async () => {
  for (const message of messages) await write(message);
  client.makeUnaryRequest(${JSON.stringify(SUPPORTED_METHODS)}, identity, identity, Buffer.alloc(0), () => console.log('sent'));
})();
setInterval(() => undefined, 60_000);
`;

describe('an Append whose client goes away before the end', () => {
  let es: TestEventStore;
  let raw: GrpcClient;
  const logged: string[] = [];
  beforeAll(async () => {
    es = await startTestEventStore({ log: (line) => logged.push(line) });
    raw = new GrpcClient(`${es.store.host}:${es.store.port}`, credentials.createInsecure());
  });
  afterAll(async () => {
    raw.close();
    await es.stop();
  });

  const write = (call: ClientWritableStream<AppendReq>, message: AppendReq): Promise<void> =>
    new Promise((resolve) => call.write(message, () => resolve()));
  const rawAppend = (messages: AppendReq[]): Promise<ServiceError | null> =>
    new Promise((resolve) => {
      const call = raw.makeClientStreamRequest(APPEND, encode, identity, new Metadata(), {}, resolve);
      for (const message of messages) call.write(message);
      call.end();
    });
  /** A unary call on the raw client's connection: the server has read all that was sent before. */
  const roundTrip = (): Promise<void> =>
    new Promise((resolve, reject) =>
      raw.makeUnaryRequest(SUPPORTED_METHODS, identity, identity, Buffer.alloc(0), (error) =>
        error ? reject(error) : resolve(),
      ),
    );
  const isAbsent = (name: string) =>
    expect(collect(es.client.readStream(name))).rejects.toBeInstanceOf(StreamNotFoundError);

  it('writes none of the events of an Append the client cancels', async () => {
    const name = `cancelled-${randomUUID()}`;
    await roundTrip();
    let outcome: ServiceError | null | undefined;
    const call = raw.makeClientStreamRequest(APPEND, encode, identity, new Metadata(), {}, (error) => {
      outcome = error;
    });
    for (const message of [appendOptions(name), proposed(), proposed()]) await write(call, message);
    await roundTrip();
    call.cancel();
    // A round trip on the same connection: the server has seen the cancellation before it.
    const witness = `witness-${randomUUID()}`;
    expect(await rawAppend([appendOptions(witness), proposed()])).toBeNull();
    expect(outcome?.code).toBe(status.CANCELLED);
    await isAbsent(name);
    expect(await collect(es.client.readStream(witness))).toHaveLength(1);
  });

  it('writes none of the events of an Append whose client process is killed', async () => {
    const name = `killed-${randomUUID()}`;
    const messages = [appendOptions(name), proposed(), proposed()].map((m) => encode(m).toString('base64'));
    const child = spawn(
      process.execPath,
      ['-e', HALF_SENDING_CLIENT, `${es.store.host}:${es.store.port}`, ...messages],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (chunk.includes('sent')) child.kill('SIGKILL');
    });
    await exited;
    // The server notices the connection is gone on its own time: wait until it says so.
    await eventually(() => logged.some((line) => line.includes(name) && line.includes('nothing written')));
    await isAbsent(name);
  }, 20_000);
});
