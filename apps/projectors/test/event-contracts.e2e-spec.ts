import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jest } from '@jest/globals';
import { EventStoreDBClient } from '@eventstore/db-client';
import { isLedgerEventType, LEDGER_EVENT_TYPES } from '@ledger/domain';
import { exportEvents, type ExportRecord } from '@ledger/event-log';
import {
  createEventContractValidator,
  type LedgerProcesses,
  runLedgerTour,
  startLedgerProcesses,
} from '@ledger/testing';

jest.setTimeout(180_000);

const CONSUMER = fileURLToPath(
  new URL('../../../examples/python-consumer/validate_export.py', import.meta.url),
);

/** Debian's python3 first (what .ci/run installs python3-jsonschema for), then whatever python3 is on PATH. */
function findPython(): string {
  for (const python of ['/usr/bin/python3', 'python3']) {
    if (spawnSync(python, ['-c', 'import jsonschema']).status === 0) return python;
  }
  throw new Error(
    'No python3 with jsonschema: install it with `apt-get install -y python3 python3-jsonschema` (.ci/run does)',
  );
}

/**
 * The contracts hold for what the system really writes: every event that the command API and
 * the projectors' transfer workflow append on a tour of the ledger validates against its
 * published schema, and a consumer in another language (Python, reading only the catalogue)
 * accepts the NDJSON export of them.
 */
describe('the events a tour of the ledger stores', () => {
  let ledger: LedgerProcesses;
  let reader: EventStoreDBClient;
  let exported: ExportRecord[];
  let dir: string;

  beforeAll(async () => {
    ledger = await startLedgerProcesses();
    reader = EventStoreDBClient.connectionString(ledger.store.connectionString);
    await runLedgerTour(ledger, reader);
    // The export `ledger events export` writes (libs/event-log), as the Python consumer reads it.
    exported = [];
    for await (const record of exportEvents(reader)) {
      if (isLedgerEventType(record.eventType)) exported.push(record);
    }
    dir = mkdtempSync(join(tmpdir(), 'ledger-export-'));
  });
  afterAll(async () => {
    await reader?.dispose();
    await ledger?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('include every event type, from both the command API and the workflow', () => {
    expect(new Set(exported.map((e) => e.eventType))).toEqual(new Set(LEDGER_EVENT_TYPES));
    const actors = new Set(exported.map((e) => (e.metadata as { actor: string }).actor));
    expect(actors).toContain('transfer-workflow');
    expect(actors.size).toBeGreaterThan(1);
  });

  it('each validate against the published schema of their type and version', () => {
    const contract = createEventContractValidator();
    const invalid = exported
      .map((event) => ({
        at: `${event.streamId}@${event.revision} ${event.eventType}`,
        problems: contract.problems(event),
      }))
      .filter(({ problems }) => problems.length > 0);
    expect(invalid).toEqual([]);
  });

  it('pass the Python consumer, which counts them by type and version', () => {
    const file = join(dir, 'export.ndjson');
    writeFileSync(file, exported.map((event) => `${JSON.stringify(event)}\n`).join(''));
    const run = spawnSync(findPython(), [CONSUMER, file], { encoding: 'utf8' });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    const expected = new Map<string, number>();
    for (const event of exported) {
      const key = `${event.eventType} v${(event.metadata as { schemaVersion: number }).schemaVersion}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const printed = run.stdout.trim().split('\n');
    expect(printed.slice(0, -1).sort()).toEqual([...expected].map(([key, n]) => `${key} ${n}`).sort());
    expect(printed.at(-1)).toBe(`${exported.length} valid, 0 invalid`);
  });

  it('make the Python consumer fail, naming the line, when one of them is broken', () => {
    const file = join(dir, 'broken.ndjson');
    const [first, ...rest] = exported;
    const broken = { ...first!, data: { ...(first!.data as object), currency: 'euro' } };
    writeFileSync(file, [broken, ...rest].map((event) => `${JSON.stringify(event)}\n`).join(''));
    const run = spawnSync(findPython(), [CONSUMER, file], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^line 1: data\/currency: 'euro' does not match/);
    expect(run.stdout.trim().split('\n').at(-1)).toBe(`${exported.length - 1} valid, 1 invalid`);
  });
});
