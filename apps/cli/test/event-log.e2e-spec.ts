import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { type EmbeddedEventStore, startEventStore } from '@embedded-servers/eventstore';
import { eventually, type SeededHistory, seedLedgerHistory } from '@ledger/testing';
import { ledger, runBin } from './cli.harness.js';

jest.setTimeout(60_000);

describe('the ledger CLI on the event log', () => {
  let server: EmbeddedEventStore;
  let client: EventStoreDBClient;
  let seeded: SeededHistory;
  let env: Record<string, string>;
  let dir: string;

  beforeAll(async () => {
    server = await startEventStore({ memory: true, port: 0 });
    client = EventStoreDBClient.connectionString(server.connectionString);
    seeded = await seedLedgerHistory(client);
    env = { EVENTSTORE_CONNECTION_STRING: server.connectionString };
    dir = await mkdtemp(join(tmpdir(), 'ledger-cli-'));
  });
  afterAll(async () => {
    await client.dispose();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  describe('streams read', () => {
    it('prints events upcast, with schema version, revision, position, time, data and metadata', async () => {
      const run = await ledger(['streams', 'read', seeded.accountA, '--json'], env);
      expect(run.code).toBe(0);
      const { events } = run.json<{ events: Array<Record<string, unknown>> }>();
      expect(events.map((e) => e.eventType)).toEqual([
        'AccountOpened',
        'MoneyDeposited',
        'MoneyWithdrawn',
        'AccountFrozen',
      ]);
      expect(events[0]).toMatchObject({
        revision: '0',
        schemaVersion: 2,
        upcast: true,
        data: { overdraftLimit: 0 },
        metadata: { actor: 'fixture' },
      });
      expect(events[0]!.position).toEqual({
        commit: expect.stringMatching(/^\d+$/),
        prepare: expect.stringMatching(/^\d+$/),
      });
      expect(new Date(events[0]!.created as string).getTime()).not.toBeNaN();
    });

    it('shows events as stored with --raw, and pages with --from, --backwards and --limit', async () => {
      const raw = (
        await ledger(['streams', 'read', seeded.accountA, '--raw', '--limit', '1', '--json'], env)
      ).json<{ events: Array<{ data: object; schemaVersion: number }> }>();
      expect(raw.events).toHaveLength(1);
      expect(raw.events[0]!.schemaVersion).toBe(1);
      expect(raw.events[0]!.data).not.toHaveProperty('overdraftLimit');
      const page = (
        await ledger(
          ['streams', 'read', seeded.accountA, '--from', '2', '--backwards', '--limit', '2', '--json'],
          env,
        )
      ).json<{ events: Array<{ revision: string }> }>();
      expect(page.events.map((e) => e.revision)).toEqual(['2', '1']);
    });

    it('prints a table by default', async () => {
      const run = await ledger(['streams', 'read', seeded.transfer], env);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^rev\s+type\s+schema\s+position\s+occurred\s+data/);
      expect(run.stdout).toContain('TransferCompleted');
    });

    it('exits 3 for a stream that does not exist, and 2 for a bad option', async () => {
      const missing = await ledger(['streams', 'read', 'account-nobody', '--json'], env);
      expect(missing).toMatchObject({ code: 3, stdout: '' });
      expect(missing.stderr).toContain('account-nobody does not exist');
      expect((await ledger(['streams', 'read', seeded.accountA, '--limit', 'many'], env)).code).toBe(2);
      expect((await ledger(['streams', 'frobnicate'], env)).code).toBe(2);
    });
  });

  it('streams list: each stream with its event count and last position, by prefix', async () => {
    const run = await ledger(['streams', 'list', '--prefix', 'transfer-', '--json'], env);
    expect(run.code).toBe(0);
    const listing = run.json<{ streams: Array<Record<string, unknown>>; truncated: boolean }>();
    expect(listing).toEqual({
      truncated: false,
      streams: [
        {
          streamId: seeded.transfer,
          events: 2,
          lastRevision: '1',
          lastPosition: expect.stringMatching(/^\d+$/),
          lastChanged: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        },
      ],
    });
  });

  describe('aggregate', () => {
    it('at each revision equals the state folded from that prefix of the stream (snapshot ignored)', async () => {
      const states = [
        { status: 'open', balance: 0, overdraftLimit: 0 },
        { status: 'open', balance: 5_000 },
        { status: 'open', balance: 4_000 },
        { status: 'frozen', balance: 4_000 },
      ];
      for (const [revision, state] of states.entries()) {
        const run = await ledger(['aggregate', seeded.accountA, '--at', String(revision), '--json'], env);
        expect(run.code).toBe(0);
        const aggregate = run.json<{ revision: string; state: object; events: unknown[] }>();
        expect(aggregate).toMatchObject({ revision: String(revision), state });
        expect(aggregate.events).toHaveLength(revision + 1);
      }
    });

    it('at a time folds the events that had occurred by then', async () => {
      const run = await ledger(
        ['aggregate', seeded.accountA, '--at-time', seeded.events[4]!.occurredAt, '--json'],
        env,
      );
      expect(run.json()).toMatchObject({ revision: '2', state: { balance: 4_000, status: 'open' } });
    });

    it('refuses a snapshot stream and both --at and --at-time (exit 2)', async () => {
      expect((await ledger(['aggregate', `snapshot-${seeded.accountA}`], env)).code).toBe(2);
      expect(
        (await ledger(['aggregate', seeded.accountA, '--at', '1', '--at-time', '2026-01-01T00:00:00Z'], env))
          .code,
      ).toBe(2);
    });
  });

  describe('events export and import', () => {
    let target: EmbeddedEventStore;
    let targetEnv: Record<string, string>;
    const file = () => join(dir, 'ledger.ndjson');

    beforeAll(async () => {
      target = await startEventStore({ memory: true, port: 0 });
      targetEnv = { EVENTSTORE_CONNECTION_STRING: target.connectionString };
    });
    afterAll(() => target.stop());

    it('moves the log to a fresh store: same events, ids, order, data and metadata; twice adds nothing', async () => {
      const exported = await ledger(['events', 'export', '--out', file(), '--json'], env);
      expect(exported.code).toBe(0);
      expect(exported.json()).toEqual({ exported: 7, out: file() });
      expect((await ledger(['events', 'import', file(), '--json'], targetEnv)).json()).toEqual({
        events: 7,
        imported: 7,
        alreadyThere: 0,
      });
      const again = await ledger(['events', 'import', file(), '--json'], targetEnv);
      expect(again.json()).toEqual({ events: 7, imported: 0, alreadyThere: 7 });
      const reexported = await ledger(['events', 'export'], targetEnv);
      const strip = (text: string) =>
        text
          .trim()
          .split('\n')
          .map((line) => {
            const { position: _p, created: _c, ...rest } = JSON.parse(line) as Record<string, unknown>;
            return rest;
          });
      expect(strip(reexported.stdout)).toEqual(strip(await readFile(file(), 'utf8')));
    });

    it('stops at a damaged line, exit 1 with its number, writing nothing', async () => {
      const lines = (await readFile(file(), 'utf8')).trim().split('\n');
      const damaged = join(dir, 'damaged.ndjson');
      await writeFile(damaged, [...lines.slice(0, 5), lines[5]!.slice(0, 40), lines[6]].join('\n'));
      const fresh = await startEventStore({ memory: true, port: 0 });
      try {
        const run = await ledger(['events', 'import', damaged], {
          EVENTSTORE_CONNECTION_STRING: fresh.connectionString,
        });
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(/line 6: not JSON/);
        const listed = await ledger(['streams', 'list', '--json'], {
          EVENTSTORE_CONNECTION_STRING: fresh.connectionString,
        });
        expect(listed.json()).toEqual({ streams: [], truncated: false });
      } finally {
        await fresh.stop();
      }
    });

    it('exits 3 for a file that is not there', async () => {
      expect((await ledger(['events', 'import', join(dir, 'nope.ndjson')], targetEnv)).code).toBe(3);
    });
  });

  it('events tail prints events as they are written, filtered, until Ctrl-C', async () => {
    let stop!: () => void;
    const interrupt = new Promise<void>((resolve) => (stop = resolve));
    const tail = ledger(['events', 'tail', '--stream-prefix', 'tail-', '--json'], env, interrupt);
    await eventually(
      () => (tail.output().stderr.includes('Following') ? true : undefined),
      'the tail to start',
    );
    const stream = `tail-${randomUUID()}`;
    await client.appendToStream(`other-${randomUUID()}`, jsonEvent({ type: 'Pinged', data: { n: 0 } }));
    await client.appendToStream(
      stream,
      [1, 2].map((n) => jsonEvent({ type: 'Pinged', data: { n } })),
    );
    await eventually(
      () => (tail.output().stdout.trim().split('\n').length === 2 ? true : undefined),
      'two events tailed',
    );
    stop();
    const run = await tail;
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { streamId: string; data: unknown });
    expect(lines.map((l) => [l.streamId, l.data])).toEqual([
      [stream, { n: 1 }],
      [stream, { n: 2 }],
    ]);
  });

  it('as a process (the ledger bin): exit 4 when the event store cannot be reached, 2 on bad settings', async () => {
    const unreachable = await runBin(['streams', 'list'], {
      EVENTSTORE_CONNECTION_STRING: 'esdb://127.0.0.1:1?tls=false',
    });
    expect(unreachable.code).toBe(4);
    expect(unreachable.stderr).toMatch(/^ledger: .*ECONNREFUSED/);
    const misconfigured = await runBin(['streams', 'list'], { EVENTSTORE_CONNECTION_STRING: 'http://nope' });
    expect(misconfigured.code).toBe(2);
    expect(misconfigured.stderr).toContain(
      'EVENTSTORE_CONNECTION_STRING must be an esdb:// connection string',
    );
    // Two cold starts of the TypeScript loader: several seconds each on a busy 2-core machine.
  }, 180_000);
});
