import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTRACTS_DIR, schemaNameOf } from '@ledger/contracts';
import {
  ACCOUNT_EVENT_TYPES,
  accountDecider,
  CURRENT_SCHEMA_VERSIONS,
  LEDGER_EVENT_TYPES,
  type LedgerEvent,
  ledgerUpcasters,
  transferDecider,
} from '@ledger/domain';
import type { ExportRecord as ExportedEvent } from '@ledger/event-log';
import { createEventContractValidator } from '@ledger/testing';

const FIXTURES_DIR = join(CONTRACTS_DIR, 'fixtures');
const files = readdirSync(FIXTURES_DIR).filter((file) => file.endsWith('.ndjson'));
const fixtures = files.flatMap((file) =>
  readFileSync(join(FIXTURES_DIR, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => ({ where: `${file}:${index + 1}`, event: JSON.parse(line) as ExportedEvent })),
);
const versionOf = (event: ExportedEvent): number =>
  (event.metadata as { schemaVersion?: number } | null)?.schemaVersion ?? 1;

// The events stored yesterday must read today: each fixture came from a real append (npm run contracts:fixtures).
describe('the stored-event fixtures', () => {
  const contract = createEventContractValidator();

  it('cover every event type in every version', () => {
    const covered = new Set(fixtures.map(({ event }) => schemaNameOf(event.eventType, versionOf(event))));
    const missing = LEDGER_EVENT_TYPES.flatMap((type) =>
      Array.from({ length: CURRENT_SCHEMA_VERSIONS[type] }, (_, i) => schemaNameOf(type, i + 1)),
    ).filter((name) => !covered.has(name));
    if (missing.length > 0) {
      throw new Error(
        `no fixture for ${missing.join(', ')}: run \`npm run contracts:fixtures\` and commit them`,
      );
    }
  });

  describe.each(fixtures)('$where', ({ event }) => {
    it('validates against its own version of the schema, data and metadata', () => {
      expect(contract.problems(event)).toEqual([]);
    });

    it('upcasts to the latest version, which it validates against and the domain folds', () => {
      const latest = ledgerUpcasters.upcast({
        type: event.eventType,
        schemaVersion: versionOf(event),
        data: event.data,
      });
      expect(latest.schemaVersion).toBe(CURRENT_SCHEMA_VERSIONS[event.eventType as LedgerEvent['type']]);
      expect(contract.problems({ ...event, data: latest.data }, latest.schemaVersion)).toEqual([]);
      const upcast = { type: latest.type, data: latest.data } as LedgerEvent;
      // Every event moves its aggregate on: an account is stamped with the event's time, a transfer leaves 'none'.
      if ((ACCOUNT_EVENT_TYPES as readonly string[]).includes(event.eventType)) {
        expect(accountDecider.evolve(accountDecider.initialState(), upcast as never).updatedAt).not.toBe('');
      } else {
        expect(transferDecider.evolve(transferDecider.initialState(), upcast as never).status).not.toBe(
          'none',
        );
      }
    });
  });
});
