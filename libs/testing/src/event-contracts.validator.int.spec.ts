import { readFileSync } from 'node:fs';
import { createEventContractValidator } from '@ledger/testing';

// One real stored event (a fixture) and variations of it that a consumer must be told about.
const stored = JSON.parse(
  readFileSync(new URL('../../../contracts/fixtures/MoneyDeposited.v2.ndjson', import.meta.url), 'utf8'),
);
const contract = createEventContractValidator();

describe('checking a stored event against the published schemas', () => {
  it('passes an event as the command API wrote it', () => {
    expect(contract.problems(stored)).toEqual([]);
  });

  it('names a float amount, a field no version has, and a missing field, with their paths', () => {
    const { balanceAfter: _dropped, ...data } = stored.data;
    const problems = contract.problems({ ...stored, data: { ...data, amount: 1.5, colour: 'red' } });
    expect(problems).toEqual(
      expect.arrayContaining([
        'MoneyDeposited v2 data/amount must be integer',
        "MoneyDeposited v2 data/ must have required property 'balanceAfter'",
        'MoneyDeposited v2 data/ must NOT have additional properties (colour)',
      ]),
    );
  });

  it('checks the data against the version its metadata names', () => {
    expect(contract.problems({ ...stored, metadata: { ...stored.metadata, schemaVersion: 1 } })).toEqual([
      'MoneyDeposited v1 data/ must NOT have additional properties (balanceAfter)',
    ]);
  });

  it('refuses a version or a type that was never published', () => {
    expect(contract.problems({ ...stored, metadata: { ...stored.metadata, schemaVersion: 9 } })).toEqual([
      'MoneyDeposited v9 is in no published schema',
    ]);
    expect(contract.problems({ ...stored, eventType: 'MoneyPrinted' })).toEqual([
      'MoneyPrinted v2 is in no published schema',
    ]);
  });

  it('names metadata that lacks what consumers rely on', () => {
    const { correlationId: _dropped, ...metadata } = stored.metadata;
    expect(contract.problems({ ...stored, metadata })).toEqual([
      "metadata/ must have required property 'correlationId'",
    ]);
  });
});
