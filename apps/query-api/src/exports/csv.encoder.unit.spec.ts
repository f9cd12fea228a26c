import { csvLine, csvRow } from './csv.encoder.js';

describe('CSV encoding', () => {
  it('quotes fields holding commas, quotes or line breaks, and doubles the quotes', () => {
    expect(csvLine(['plain', 'a,b', 'say "hi"', 'two\nlines', 12, -3])).toBe(
      'plain,"a,b","say ""hi""","two\nlines",12,-3\r\n',
    );
  });

  it('leaves absent values empty and reads nested columns by dotted path', () => {
    expect(
      csvRow({ day: '2026-03-01', deposits: { count: 2, sum: 10 }, reason: undefined }, [
        'day',
        'deposits.sum',
        'reason',
        'nothing.here',
      ]),
    ).toBe('2026-03-01,10,,\r\n');
  });

  it('defuses text a spreadsheet would run as a formula, but not negative numbers', () => {
    expect(csvLine(['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)', -2])).toBe(
      `"'=HYPERLINK(""x"")",'+1,'-2,'@SUM(A1),-2\r\n`,
    );
  });
});
