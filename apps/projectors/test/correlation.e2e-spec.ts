import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { jest } from '@jest/globals';
import type { JSONRecordedEvent } from '@eventstore/db-client';
import { accountStreamName, transferStreamName } from '@ledger/domain';
import { ACCOUNT_SUMMARY } from '@ledger/read-models';
import { type ChildServer, LogLines, startAppProcess } from '@ledger/testing';
import { TRANSFER_WORKFLOW } from '../src/transfer-workflow/transfer-workflow.consumer.js';
import { eventually, ProjectorsHarness } from './projectors.harness.js';

jest.setTimeout(120_000);

const CLIENT_KEY = 'client-key-for-correlation-tests';
type Metadata = { correlationId?: string; causationId?: string; traceparent?: string };

/**
 * One correlation id, followed as an operator would with grep: the command API's answer and its
 * request log line (a real process's stdout), the events' metadata (read with the official
 * client), and the projectors' batch lines, for the read models and for the transfer workflow,
 * whose follow-up events carry the same id and trace.
 */
describe('a correlation id from a command to the read models', () => {
  let projectors: ProjectorsHarness;
  let commandApi: ChildServer;
  let url: string;
  const logs = new LogLines();

  beforeAll(async () => {
    projectors = await ProjectorsHarness.start({ LOG_LEVEL: 'log' }, { logDestination: logs.destination });
    ({ server: commandApi, url } = await startAppProcess(
      fileURLToPath(new URL('../../command-api/src/main.ts', import.meta.url)),
      {
        API_KEYS: JSON.stringify({ client: [CLIENT_KEY] }),
        EVENTSTORE_CONNECTION_STRING: projectors.store.url,
        COMMAND_API_PORT: '0',
        LOG_LEVEL: 'log',
      },
    ));
  });
  afterAll(async () => {
    await commandApi?.stop();
    await projectors?.stop();
  });

  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${CLIENT_KEY}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    expect(response.status).toBeLessThan(300);
    return { headers: response.headers, body: (await response.json()) as Record<string, string> };
  };
  const readStream = async (stream: string) => {
    const events: JSONRecordedEvent[] = [];
    for await (const resolved of projectors.writer.readStream(stream))
      events.push(resolved.event as JSONRecordedEvent);
    return events;
  };
  const metadataOf = (event: JSONRecordedEvent) => event.metadata as Metadata;
  const batchLines = (consumer: string, correlationId: string) =>
    eventually(() => {
      const lines = logs.where('correlationIds', correlationId).filter((l) => l.consumer === consumer);
      return lines.length > 0 ? lines : undefined;
    }, `a batch line of ${consumer} naming ${correlationId}`);
  const stdoutLines = () =>
    commandApi
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  it('an opened account: answer → request log line → event metadata → the read model’s batch line', async () => {
    const correlationId = `corr-${randomUUID()}`;
    const traceId = randomUUID().replaceAll('-', '');
    const opened = await post(
      '/accounts',
      { ownerId: randomUUID(), currency: 'EUR' },
      { 'x-correlation-id': correlationId, traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    );
    expect(opened.headers.get('x-correlation-id')).toBe(correlationId);

    const requestLine = await eventually(
      () => stdoutLines().find((line) => line.msg === 'request' && line.correlationId === correlationId),
      'the command API’s request line',
    );
    expect(requestLine).toMatchObject({ route: '/accounts', status: 201, traceId });

    const [event] = await readStream(accountStreamName(opened.body.accountId));
    expect(metadataOf(event)).toMatchObject({ correlationId, traceparent: expect.stringContaining(traceId) });

    const [line] = await batchLines(ACCOUNT_SUMMARY, correlationId);
    expect(line).toMatchObject({
      msg: 'batch',
      level: 'info',
      service: 'projectors',
      handled: expect.any(Number),
    });
    expect(BigInt(line.firstPosition as string)).toBeLessThanOrEqual(event.position!.commit);
    expect(BigInt(line.lastPosition as string)).toBeGreaterThanOrEqual(event.position!.commit);
  });

  it('a transfer: the workflow logs the id, and its follow-up events carry it, the trace and their cause', async () => {
    const from = (await post('/accounts', { ownerId: randomUUID(), currency: 'EUR' })).body.accountId;
    const to = (await post('/accounts', { ownerId: randomUUID(), currency: 'EUR' })).body.accountId;
    await post(`/accounts/${from}/deposits`, { amount: 100 });
    const correlationId = `corr-${randomUUID()}`;
    const traceId = randomUUID().replaceAll('-', '');
    const requested = await post(
      '/transfers',
      { fromAccountId: from, toAccountId: to, amount: 40 },
      {
        'idempotency-key': randomUUID(),
        'x-correlation-id': correlationId,
        traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
      },
    );
    await batchLines(TRANSFER_WORKFLOW, correlationId);
    const transfer = await eventually(async () => {
      const events = await readStream(transferStreamName(requested.body.transferId));
      return events.some((e) => e.type === 'TransferCompleted') ? events : undefined;
    }, 'the transfer completed');
    const [request, ...followUps] = transfer;
    const accounts = [
      ...(await readStream(accountStreamName(from))),
      ...(await readStream(accountStreamName(to))),
    ];
    const steps = accounts.filter((e) => e.type === 'TransferDebited' || e.type === 'TransferCredited');
    expect(steps).toHaveLength(2);
    // Each follow-up names the event the workflow reacted to as its cause.
    const ids = new Set([...transfer, ...accounts].map((e) => e.id));
    expect(metadataOf(request)).toMatchObject({ correlationId });
    for (const event of [...followUps, ...steps]) {
      expect(metadataOf(event)).toMatchObject({
        correlationId,
        traceparent: expect.stringContaining(traceId),
      });
      expect(ids.has(metadataOf(event).causationId!)).toBe(true);
    }
    // The account summary's line names it too: one grep finds every part the transfer went through.
    await batchLines(ACCOUNT_SUMMARY, correlationId);
  });
});
