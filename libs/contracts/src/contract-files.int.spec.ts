import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTRACTS_DIR, planContractFiles } from '@ledger/contracts';

// These read the committed files under contracts/: what consumers download must be what the code defines.
describe('the committed contracts', () => {
  const plan = planContractFiles();
  const pending = (file: string) => plan.writes.map((w) => w.file).filter((f) => f.endsWith(file));

  it('hold the AsyncAPI catalogue as the code generates it today', () => {
    if (pending('asyncapi.json').length > 0) {
      throw new Error(
        'contracts/asyncapi.json is out of date: run `npm run contracts` and commit contracts/',
      );
    }
  });

  it('publish a schema for every event version the code defines', () => {
    const missing = plan.writes.filter((w) => !w.file.endsWith('asyncapi.json'));
    if (missing.length > 0) {
      const names = missing.map((w) => w.file.split('/').pop()).join(', ');
      throw new Error(
        `unpublished schemas (${names}): run \`npm run contracts\` and commit contracts/schemas/`,
      );
    }
  });

  it('keep every published schema exactly as it was published', () => {
    if (plan.frozen.length > 0) throw new Error(plan.frozen.join('\n\n'));
  });
});

describe('a published schema changed in place', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'contracts-'));
    cpSync(CONTRACTS_DIR, dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is reported with the event version and the JSON Pointer of what changed', () => {
    // As if the code had tightened MoneyDeposited v1 after it was published: the lock still says 0.
    const file = join(dir, 'schemas', 'MoneyDeposited.v1.json');
    const locked = JSON.parse(readFileSync(file, 'utf8'));
    locked.properties.amount.minimum = 1;
    writeFileSync(file, JSON.stringify(locked));
    const { frozen } = planContractFiles(dir);
    expect(frozen).toHaveLength(1);
    expect(frozen[0]).toMatch(/^MoneyDeposited\.v1 is published and frozen/);
    expect(frozen[0]).toContain('/properties/amount/minimum: 1 → 0');
  });

  it('is reported when a published version is no longer defined', () => {
    writeFileSync(join(dir, 'schemas', 'MoneyDeposited.v3.json'), '{}');
    expect(planContractFiles(dir).frozen).toEqual([
      expect.stringMatching(/^MoneyDeposited\.v3 is published but no longer defined/),
    ]);
  });

  it('is allowed for the open metadata schema when it only gains an optional field, and republished', () => {
    const file = join(dir, 'schemas', 'EventMetadata.v1.json');
    const locked = JSON.parse(readFileSync(file, 'utf8'));
    delete locked.properties.tracestate;
    writeFileSync(file, JSON.stringify(locked));
    const plan = planContractFiles(dir);
    expect(plan.frozen).toEqual([]);
    expect(plan.writes.map((w) => w.file)).toEqual([file]);
  });

  it('is no change when only the formatting differs', () => {
    const file = join(dir, 'asyncapi.json');
    writeFileSync(file, JSON.stringify(JSON.parse(readFileSync(file, 'utf8'))));
    expect(planContractFiles(dir)).toEqual({ writes: [], frozen: [] });
  });
});
