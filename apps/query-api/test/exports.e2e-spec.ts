import { ACCOUNT_SUMMARY, DAILY_TOTALS, LEDGER_ENTRIES, TRANSFERS } from '@ledger/read-models';
import { allPages, QueryApiHarness } from './query-api.harness.js';
import { account, dailyTotals, ledgerEntry, transfer } from './read-model.fixtures.js';

type Row = Record<string, unknown>;

/** A small RFC 4180 reader for the test: quoted fields, doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += c;
    }
  }
  return rows;
}

/** A JSON item as its CSV row would read: every column as text, nested values by dotted path. */
function asCsvRow(item: Row, columns: string[]): string[] {
  return columns.map((path) => {
    const value = path.split('.').reduce<unknown>((v, k) => (v as Row | undefined)?.[k], item);
    return value === undefined || value === null ? '' : String(value);
  });
}

describe('CSV and NDJSON exports', () => {
  let harness: QueryApiHarness;
  const owner = account(1);

  beforeAll(async () => {
    harness = await QueryApiHarness.start();
    await harness.seed(ACCOUNT_SUMMARY, [owner, ...Array.from({ length: 30 }, (_, i) => account(i + 2))]);
    await harness.seed(
      LEDGER_ENTRIES,
      Array.from({ length: 25 }, (_, i) => ledgerEntry(owner.accountId, i + 1)),
    );
    await harness.seed(
      TRANSFERS,
      Array.from({ length: 22 }, (_, i) => transfer(i + 1)),
    );
    await harness.seed(
      DAILY_TOTALS,
      Array.from({ length: 12 }, (_, i) =>
        dailyTotals('EUR', `2026-04-${String(i + 1).padStart(2, '0')}`, i),
      ),
    );
  });
  afterAll(() => harness.stop());

  describe.each([
    ['/accounts?currency=EUR&sort=-balance'],
    ['/accounts/ac000001-0000-4000-8000-000000000000/ledger'],
    ['/transfers?status=completed'],
    ['/analytics/daily-totals?currency=EUR'],
  ])('%s', (url) => {
    const paged = () => allPages<Row>(harness, `${url}${url.includes('?') ? '&' : '?'}limit=5`);

    it('streams every page as NDJSON, one JSON item a line', async () => {
      const { items, pages } = await paged();
      expect(pages).toBeGreaterThan(1);
      const res = await harness.get(url, { accept: 'application/x-ndjson' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/x-ndjson');
      expect(res.headers['x-read-position']).toBeDefined();
      const lines = res.body.split('\n');
      expect(lines.pop()).toBe('');
      expect(lines.map((line) => JSON.parse(line) as Row)).toEqual(items);
    });

    it('streams every page as CSV, a header then one row per item', async () => {
      const { items } = await paged();
      const res = await harness.get(url, { accept: 'text/csv' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      const [header, ...rows] = parseCsv(res.body);
      expect(rows).toEqual(items.map((item) => asCsvRow(item, header!)));
    });
  });
});
