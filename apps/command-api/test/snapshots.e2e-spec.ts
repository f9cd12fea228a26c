import { jsonEvent } from '@eventstore/db-client';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { accountStreamName } from '@ledger/domain';
import { CommandPipeline, snapshotStreamName } from '@ledger/event-store';
import { CommandApiHarness } from './command-api.harness.js';

const HISTORY = 20_000;

/** A long-lived account, read by fresh copies of the API (nothing cached): what they read, what they answer. */
describe('snapshots of a 20,000-event account', () => {
  let api: CommandApiHarness;
  let accountId: string;
  const copies: NestFastifyApplication[] = [];

  beforeAll(async () => {
    api = await CommandApiHarness.start();
    accountId = await api.openAccount();
    await api.appendDeposits(accountId, HISTORY);
  });
  afterAll(async () => {
    await Promise.all(copies.map((copy) => copy.close()));
    await api.stop();
  });

  const freshCopy = async () => {
    const copy = await api.startCopy();
    copies.push(copy);
    return { copy, stats: copy.get(CommandPipeline).stats };
  };
  /** What the account answers: a deposit's revision, and the balance a too-large withdrawal reveals. */
  const answers = async (copy: NestFastifyApplication) => {
    const deposit = await api.post(`/accounts/${accountId}/deposits`, { amount: 1 }, {}, copy);
    const refused = await api.post(`/accounts/${accountId}/withdrawals`, { amount: 10_000_000 }, {}, copy);
    expect(deposit.statusCode).toBe(200);
    expect(refused.statusCode).toBe(422);
    return { revision: deposit.json().revision as number, refusal: refused.json().detail as string };
  };
  const waitForSnapshot = async (stats: { snapshotsWritten: number }) => {
    for (const deadline = Date.now() + 10_000; stats.snapshotsWritten === 0;) {
      if (Date.now() > deadline) throw new Error('no snapshot was written within 10 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('reads the whole stream once, keeps a snapshot, and later copies load from it', async () => {
    const first = await freshCopy();
    const before = await answers(first.copy);
    expect(before.revision).toBe(HISTORY + 1);
    expect(before.refusal).toContain(`balance ${HISTORY + 1}`);
    expect(first.stats.eventsRead).toBe(HISTORY + 1);
    await waitForSnapshot(first.stats);
    const stored = await api.readStream(snapshotStreamName(accountStreamName(accountId)));
    expect(stored.at(-1)?.type).toBe('AggregateSnapshot');

    const second = await freshCopy();
    const after = await answers(second.copy);
    expect(second.stats.snapshotsLoaded).toBe(1);
    expect(second.stats.eventsRead).toBeLessThanOrEqual(2);
    expect(after).toEqual({
      revision: HISTORY + 2,
      refusal: expect.stringContaining(`balance ${HISTORY + 2}`),
    });
  });

  it.each([
    [
      'of an older state version',
      { stateVersion: 1, revision: '5', position: '100', state: { debits: {} }, commands: [] },
    ],
    [
      'whose state does not decode',
      { stateVersion: 2, revision: '5', position: '100', state: 'garbage', commands: [] },
    ],
    [
      'with a damaged key memory',
      { stateVersion: 2, revision: '5', position: '100', state: {}, commands: [['x']] },
    ],
  ])('ignores a snapshot %s, answers the same from the events, and writes a fresh one', async (_, data) => {
    const streamName = accountStreamName(accountId);
    await api.reader.appendToStream(
      snapshotStreamName(streamName),
      jsonEvent({ type: 'AggregateSnapshot', data }),
    );
    const { copy, stats } = await freshCopy();
    const { revision, refusal } = await answers(copy);
    expect(stats.snapshotsIgnored).toBe(1);
    expect(stats.eventsRead).toBe(revision);
    expect(refusal).toContain(`balance ${revision}`);
    await waitForSnapshot(stats);
  });

  it('answers the same with every snapshot deleted', async () => {
    const streamName = accountStreamName(accountId);
    await api.reader.deleteStream(snapshotStreamName(streamName));
    const { copy, stats } = await freshCopy();
    const { revision, refusal } = await answers(copy);
    expect(stats.snapshotsLoaded).toBe(0);
    expect(stats.eventsRead).toBe(revision);
    expect(refusal).toContain(`balance ${revision}`);
  });

  it('never snapshots a short stream', async () => {
    const { copy, stats } = await freshCopy();
    const shortId = await api.openAccount();
    await api.post(`/accounts/${shortId}/deposits`, { amount: 5 }, {}, copy);
    expect(await api.readStream(snapshotStreamName(accountStreamName(shortId)))).toEqual([]);
    expect(stats.snapshotsWritten).toBe(0);
  });
});
