import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv, parseCsvRecords } from './parse.ts';
import { BIDS_TSV, CSV, csvCell, csvLine, formatNumber, guardFormula, pyFloat, toCsv, unguardFormula } from './write.ts';

describe('toCsv()', () => {
  it('writes CRLF lines and quotes only fields that need it', () => {
    const text = toCsv(
      ['a', 'b', 'c'],
      [
        [1, 'plain', 'x,y'],
        [null, 'say "hi"', 'two\nlines'],
      ],
    );
    expect(text).toBe('a,b,c\r\n1,plain,"x,y"\r\nNA,"say ""hi""","two\nlines"\r\n');
  });

  it('rejects a row whose length differs from the header', () => {
    expect(() => toCsv(['a', 'b'], [[1]])).toThrow(/1 cells, header has 2/);
  });

  it('guards every text cell against formulas but never a number', () => {
    const text = toCsv(
      ['n', 'comment'],
      [
        [-3, '=HYPERLINK("x")'],
        [-0.5, '@SUM(A1)'],
        [2, '+1'],
        [4, '-2'],
        [5, '\tTAB'],
      ],
    );
    const rows = parseCsv(text).records.map((r) => r.cells);
    expect(rows.map((r) => r[0])).toEqual(['-3', '-0.5', '2', '4', '5']);
    expect(rows.map((r) => r[1])).toEqual(['\'=HYPERLINK("x")', "'@SUM(A1)", "'+1", "'-2", "'\tTAB"]);
  });

  it('writes text as it is with formulaGuard: false', () => {
    expect(csvLine(['+1', '=A1', 'x,y'], { formulaGuard: false })).toBe('+1,=A1,"x,y"\r\n');
  });

  it('writes NaN and missing values as NA', () => {
    expect([csvCell(Number.NaN), csvCell(undefined), csvCell(null), csvCell(Infinity)]).toEqual(['NA', 'NA', 'NA', 'NA']);
  });
});

describe('formatNumber() / pyFloat()', () => {
  it('keeps at most 6 decimals, writes -0 as 0 and whole floats as Python does when asked', () => {
    expect([formatNumber(0.1 + 0.2), formatNumber(1 / 3), formatNumber(-0), formatNumber(1e-7), formatNumber(12)]).toEqual([
      '0.3',
      '0.333333',
      '0',
      '0',
      '12',
    ]);
    expect([csvCell(pyFloat(76)), csvCell(pyFloat(76.25)), csvCell(pyFloat(-3)), csvCell(pyFloat(NaN))]).toEqual([
      '76.0',
      '76.25',
      '-3.0',
      'NA',
    ]);
  });
});

describe('BIDS_TSV', () => {
  it('writes tab-separated LF lines with n/a and no quoting (tabs and line breaks become spaces)', () => {
    expect(csvLine([1.5, null, 'a\tb\nc "q", d', '=x'], { dialect: BIDS_TSV })).toBe('1.5\tn/a\ta b c "q", d\t\'=x\n');
    expect(csvLine([null, ''], { dialect: { ...CSV, missing: '' } })).toBe(',\r\n');
  });
});

describe('guardFormula() / unguardFormula()', () => {
  it('are exact inverses, including values that already start with a quote', () => {
    for (const s of ['=1+1', "'=1", "''@x", 'plain', "'plain", '-', '', '\rCR', 'Amélie']) {
      expect(unguardFormula(guardFormula(s))).toBe(s);
    }
    expect(guardFormula('plain')).toBe('plain');
    expect(guardFormula("'=1")).toBe("''=1");
  });
});

describe('parseCsv()', () => {
  it('round-trips titles with commas, quotes, newlines and non-ASCII text', () => {
    const titles = [
      'Crouching Tiger, Hidden Dragon',
      'The "Real" Thing',
      'Line one\r\nline two',
      'Amélie',
      '千と千尋の神隠し',
      '🎬 emoji',
      ' padded ',
      '',
    ];
    const text = toCsv(
      ['id', 'title'],
      titles.map((t, i) => [i, t]),
    );
    const parsed = parseCsv(text);
    expect(parsed.header).toEqual(['id', 'title']);
    expect(parsed.records.map((r) => r.cells[1])).toEqual(titles);
  });

  it('reports the starting line of each record, counting newlines inside quotes', () => {
    const parsed = parseCsv('a,b\r\n1,"x\ny"\r\n2,z\r\n');
    expect(parsed.records.map((r) => r.line)).toEqual([2, 4]);
  });

  it('accepts LF line ends, a BOM and a missing final newline', () => {
    const parsed = parseCsv('\ufeffa,b\n1,2\n3,4');
    expect(parsed.header).toEqual(['a', 'b']);
    expect(parsed.records.map((r) => r.cells)).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('names line and column of an unterminated quote', () => {
    expect(() => parseCsvRecords('a,b\n1,"open\n2,3\n', 'f.csv')).toThrow('f.csv line 2, column 2: quoted field is never closed');
  });

  it('names line and column of a stray quote and of a short row', () => {
    expect(() => parseCsv('a,b\n1,x"y\n', 'g.csv')).toThrow('g.csv line 2, column 2: quote inside an unquoted field');
    const err = (() => {
      try {
        parseCsv('a,b,c\n1,2,3\n4,5\n', 'h.csv');
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(CsvError);
    expect((err as CsvError).line).toBe(3);
    expect((err as CsvError).message).toContain('has 2 fields, the header has 3');
  });

  it('rejects text after a closing quote and duplicate header names', () => {
    expect(() => parseCsv('a\n"x"y\n', 'i.csv')).toThrow('i.csv line 2, column 1: unexpected text after a closing quote');
    expect(() => parseCsv('a,a\n1,2\n', 'j.csv')).toThrow('j.csv line 1, column 2: duplicate column name "a"');
  });
});
