import type { ResolvedEvent } from '@eventstore/db-client';
import { exportLine, toExportedEvent } from '@ledger/event-store';

const resolved = (overrides: Record<string, unknown> = {}): ResolvedEvent =>
  ({
    event: {
      streamId: 'account-0f8fad5b-d9cb-469f-a165-70867728950e',
      id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      isJson: true,
      revision: 9_007_199_254_740_993n,
      type: 'MoneyDeposited',
      created: new Date('2026-01-02T03:04:05.678Z'),
      data: { amount: 5 },
      metadata: { schemaVersion: 1 },
      position: { commit: 18_446_744_073_709_551_615n, prepare: 12n },
      ...overrides,
    },
  }) as unknown as ResolvedEvent;

describe('an exported event', () => {
  it('keeps data and metadata as stored, with revision and positions as exact decimal strings', () => {
    expect(toExportedEvent(resolved())).toEqual({
      eventId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      eventType: 'MoneyDeposited',
      streamId: 'account-0f8fad5b-d9cb-469f-a165-70867728950e',
      revision: '9007199254740993',
      position: { commit: '18446744073709551615', prepare: '12' },
      created: '2026-01-02T03:04:05.678Z',
      data: { amount: 5 },
      metadata: { schemaVersion: 1 },
    });
  });

  it('is one line of JSON, with metadata null when none was stored', () => {
    const line = exportLine(resolved({ metadata: undefined }));
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line).metadata).toBeNull();
  });

  it('refuses an event that is not JSON, naming it', () => {
    expect(() => toExportedEvent(resolved({ isJson: false }))).toThrow(/7c9e6679.*account-0f8fad5b/);
  });
});
