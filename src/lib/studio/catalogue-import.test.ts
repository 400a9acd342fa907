import { describe, expect, it } from 'vitest';
import {
  formatImportProblem,
  imageIdFromFileName,
  parseCatalogueCsv,
  parseCatalogueFile,
  parseCatalogueJson,
  parseCsv,
} from './catalogue-import.ts';

describe('parseCsv()', () => {
  it('handles quoted commas, doubled quotes, newlines in quotes and CRLF', () => {
    const rows = parseCsv('a,b\r\n"x, y","say ""hi"""\r\n"multi\nline",z\n');
    expect(rows).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, y', 'say "hi"'] },
      { line: 3, cells: ['multi\nline', 'z'] },
    ]);
  });
});

describe('parseCatalogueCsv()', () => {
  it('reads items with list cells and poster file names', () => {
    const csv =
      'title,year,genres,cast,image\nHeat,1995,Action|Crime,"Al Pacino; Robert De Niro",posters/heat.jpg\n"Up, again",,Animation,,\n';
    const result = parseCatalogueCsv(csv);
    expect(result).toEqual({
      ok: true,
      items: [
        { id: 1, title: 'Heat', year: 1995, genres: ['Action', 'Crime'], cast: ['Al Pacino', 'Robert De Niro'], imageId: 'heat' },
        { id: 2, title: 'Up, again', year: null, genres: ['Animation'], cast: [] },
      ],
    });
  });

  it('names the line and field of each problem', () => {
    const csv = 'id,title,year\n1,Heat,1995\n2,,2001\n3,Alien,nineteen\n1,Copy,2000\n';
    const result = parseCatalogueCsv(csv);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.map(formatImportProblem)).toEqual([
        'line 3, title: must not be empty',
        'line 4, year: "nineteen" is not a number',
        'line 5, id: duplicate id 1 (first used at line 2)',
      ]);
    }
  });

  it('rejects a file without a title column or without rows', () => {
    expect(parseCatalogueCsv('name_of_film,year\nx,1\n')).toMatchObject({ ok: false, problems: [{ where: 'line 1', field: 'header' }] });
    expect(parseCatalogueCsv('title\n')).toMatchObject({ ok: false, problems: [{ field: '(file)' }] });
    expect(parseCatalogueCsv('title,year\nA,1,extra\n')).toMatchObject({ ok: false, problems: [{ where: 'line 2', field: '(row)' }] });
  });
});

describe('parseCatalogueJson()', () => {
  it('accepts an array or { items } and fills default ids', () => {
    expect(parseCatalogueJson('[{"title":"A","genres":["Drama"]}]')).toEqual({
      ok: true,
      items: [{ id: 1, title: 'A', year: null, genres: ['Drama'], cast: [] }],
    });
    expect(parseCatalogueJson('{"items":[{"id":7,"title":"B","year":2000,"genres":[],"cast":["X"],"image":"b.png"}]}')).toEqual({
      ok: true,
      items: [{ id: 7, title: 'B', year: 2000, genres: [], cast: ['X'], imageId: 'b' }],
    });
  });

  it('names the item and field of each problem', () => {
    const result = parseCatalogueJson('[{"title":"A"},{"title":"B","year":"2001"},{"id":-1,"title":"C"}, 5]');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.map(formatImportProblem)).toEqual([
        'item 2, year: expected number but got "2001"',
        'item 3, id: is -1; it must be at least 1',
        'item 4, (item): is not an object',
      ]);
    }
    expect(parseCatalogueJson('{"items": 3}')).toMatchObject({ ok: false, problems: [{ field: '(file)' }] });
    expect(parseCatalogueJson('[{')).toMatchObject({
      ok: false,
      problems: [{ field: '(file)', message: expect.stringMatching(/not valid JSON/) }],
    });
  });
});

describe('parseCatalogueFile()', () => {
  it('picks the parser by extension and rejects others', () => {
    expect(parseCatalogueFile('x.CSV', 'title\nA\n').ok).toBe(true);
    expect(parseCatalogueFile('x.json', '[{"title":"A"}]').ok).toBe(true);
    expect(parseCatalogueFile('x.txt', '')).toMatchObject({
      ok: false,
      problems: [{ message: expect.stringMatching(/neither .csv nor .json/) }],
    });
  });
});

describe('imageIdFromFileName()', () => {
  it('drops folders and image extensions', () => {
    expect(imageIdFromFileName('C:\\posters\\abc.JPG')).toBe('abc');
    expect(imageIdFromFileName('xyz')).toBe('xyz');
  });
});
