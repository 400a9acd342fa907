import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { strToU8, zipSync, unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { GazeLabDb } from '../../db/db.ts';
import { countDatasets, listDatasets } from '../../db/datasets.ts';
import { loadCatalogue } from '../../../stimuli/catalogue.ts';
import { exportToBytes } from '../../../format/exporter.ts';
import { readExportZip } from '../../../format/read-export.ts';
import { createSession } from '../../../format/testing/create-session.ts';
import { importDatasetFiles, prepareImport, type ImportedData, type ImportFile } from './import-dataset.ts';
import { countDataset, readRecGazeFiles } from '../../../format/recgaze-import.ts';
import { FIXTURE_PLAN, fixtureFiles } from '../../../format/testing/recgaze-fixture.ts';

const asFiles = (texts: Record<string, string>): ImportFile[] =>
  Object.entries(texts).map(([name, text]) => ({ name, bytes: strToU8(text) }));

function expectedCounts() {
  const screens = Object.values(FIXTURE_PLAN).flatMap((p) => p.screens);
  return {
    sessions: Object.keys(FIXTURE_PLAN).length,
    screens: screens.length,
    fixations: screens.reduce((n, s) => n + s.fixations + s.backgroundFixations, 0),
    clicks: screens.reduce((n, s) => n + s.swipeClicks + (s.selected ? 1 : 0), 0),
    cursorVisits: screens.reduce((n, s) => n + s.cursorVisits, 0),
    selections: screens.filter((s) => s.selected).length,
  };
}

let dbs: GazeLabDb[] = [];
const freshDb = () => {
  const d = new GazeLabDb(`import-test-${dbs.length}-${Date.now()}`);
  dbs.push(d);
  return d;
};
afterEach(async () => {
  for (const d of dbs) await d.delete();
  dbs = [];
});

describe('readRecGazeFiles()', () => {
  it('imports the original layout with the right counts, including the known data problems', () => {
    const dataset = readRecGazeFiles(fixtureFiles());
    expect(countDataset(dataset)).toEqual(expectedCounts());
    const k21 = dataset.sessions.find((s) => s.participantId === 'KInIT_21')!;
    expect(k21.origin).toBe('imported-recgaze');
    expect(k21.gazeSource).toBe('lab-tracker');
    // Uncompleted direct search (38) and the free-browsing screen whose final click is lost (18).
    expect(k21.screens.map((s) => [s.taskId, s.task, s.selection ? 'selected' : 'none'])).toEqual([
      [3, 'free_browsing', 'selected'],
      [18, 'free_browsing', 'none'],
      [38, 'direct_search', 'none'],
    ]);
    const s3 = k21.screens[0]!;
    expect(s3.selection).toMatchObject({ row: 2, position: 6, movieId: 3046 });
    expect(s3.rows?.genres).toHaveLength(10);
    expect(s3.rows?.items[1]?.[5]).toBe(3046);
    const bg = s3.fixations!.filter((f) => f.aoi.type === 'Background');
    expect(bg.map((f) => f.aoiClosest.type)).toEqual(['Genre', 'Background']);
    expect(s3.fixations![0]).toMatchObject({
      durationMs: 180,
      aoi: { type: 'Movie', row: 1, position: 1, page: 1, column: 1, genre: 'Action' },
    });
    expect(s3.cursorVisits![1]).toMatchObject({ durationS: 1.4 });
    expect(k21.firstTask).toBe('Free_browsing');
    expect(k21.genrePrefs).toEqual({ top: 'Action', preferred: ['Action', 'Comedy'], ratings: { Action: 5, Drama: 2 } });
  });

  it('accepts the original aoi_data.csv and rejects a bad coordinate in it', () => {
    const original = readFileSync(new URL('../../../stimuli/recgaze/aoi_data.csv', import.meta.url), 'utf8');
    expect(countDataset(readRecGazeFiles({ ...fixtureFiles(), 'aoi_data.csv': original }))).toEqual(expectedCounts());
    const bad = original.replace('01,Pilot_Study,Movie,1,Crime,2,1,427.0,', '01,Pilot_Study,Movie,1,Crime,2,1,four,');
    expect(() => readRecGazeFiles({ ...fixtureFiles(), 'aoi_data.csv': bad })).toThrow(
      /^aoi_data\.csv line 13, column 8: AOI_min_x "four" is not a number/,
    );
  });

  it('imports our own exported CSVs (loose) with one fixation per fixation row', async () => {
    const a = createSession();
    const files = unzipSync(
      await exportToBytes({
        sessions: [a.session],
        loadEvents: () => a.events,
        catalogue: await loadCatalogue({ kind: 'builtin', id: 'recgaze' }),
        createdAt: Date.UTC(2026, 0, 1),
        appVersion: 't',
      }),
    );
    const texts: Record<string, string> = {};
    for (const name of ['summary_feedback.csv', 'click_feedback.csv', 'user_features.csv', 'item_features.csv', 'aoi_data.csv'])
      texts[name] = new TextDecoder().decode(files[name]);
    const counts = countDataset(readRecGazeFiles(texts));
    const fixRows = texts['summary_feedback.csv']!.split('\r\n').filter((l) =>
      /^LAB_\d+,\d+,\d+,NA,[\d.]+,(Movie|Genre|Forward|Backward|Background),/.test(l),
    ).length;
    expect(counts).toMatchObject({ sessions: 1, screens: 3, selections: 3, fixations: fixRows });
  });
});

describe('prepareImport() / importDatasetFiles()', () => {
  it('stores a valid import in the datasets table, marked with its origin', async () => {
    const database = freshDb();
    const record = await importDatasetFiles(asFiles(fixtureFiles()), { database, name: 'RecGaze fixture' });
    expect(record.origin).toBe('recgaze-csv');
    const stored = await listDatasets(database);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.name).toBe('RecGaze fixture');
    expect((stored[0]!.data as ImportedData).counts).toEqual(expectedCounts());
  });

  it('imports our zip export as recorded sessions with events', async () => {
    const a = createSession();
    const bytes = await exportToBytes({
      sessions: [a.session],
      loadEvents: () => a.events,
      catalogue: new Map(),
      createdAt: Date.UTC(2026, 0, 1),
      appVersion: 't',
    });
    const rec = prepareImport([{ name: 'x.zip', bytes }], 1);
    const data = rec.data as ImportedData;
    expect(rec.origin).toBe('carousel-gaze-lab-export');
    expect(data.dataset).toEqual(readExportZip(bytes));
    expect(data.envelope?.sessions[0]?.record.id).toBe(a.session.id);
  });

  const malformed: [string, (t: Record<string, string>) => void, RegExp][] = [
    [
      'a value outside the vocabulary',
      (t) =>
        (t['summary_feedback.csv'] = t['summary_feedback.csv']!.replace(
          '\r\nKInIT_21,5021,3,,0.560,Movie',
          '\r\nKInIT_21,5021,3,,0.560,Moovie',
        )),
      /^summary_feedback\.csv line 2, column 6: Fixation_AOI_type "Moovie" is not one of Movie, Genre/,
    ],
    [
      'a fixation without its duration',
      (t) => (t['summary_feedback.csv'] = t['summary_feedback.csv']!.replace(',1.0,180,Movie,', ',1.0,NA,Movie,')),
      /^summary_feedback\.csv line 2, column 14: Fixation_Duration is missing on a fixation row/,
    ],
    [
      'a non-integer TaskID',
      (t) => (t['click_feedback.csv'] = t['click_feedback.csv']!.replace('KInIT_21,5021,3,', 'KInIT_21,5021,three,')),
      /^click_feedback\.csv line 2, column 3: TaskID "three" is not an integer/,
    ],
    [
      'a missing column',
      (t) => (t['item_features.csv'] = t['item_features.csv']!.replace(',MovieID,', ',Movie_ID,')),
      /^item_features\.csv line 1: missing column MovieID/,
    ],
    [
      'a short row',
      (t) => (t['user_features.csv'] = `${t['user_features.csv']!}UvA_9,1\r\n`),
      /^user_features\.csv line 5, column 3: has 2 fields/,
    ],
    [
      'an unterminated quote',
      (t) => (t['summary_feedback.csv'] = `${t['summary_feedback.csv']!}"KInIT_1,1\r\n`),
      /^summary_feedback\.csv line \d+, column 1: quoted field is never closed/,
    ],
  ];
  for (const [what, corrupt, message] of malformed) {
    it(`rejects ${what} naming file, line and column, and writes nothing`, async () => {
      const database = freshDb();
      const texts = fixtureFiles();
      corrupt(texts);
      await expect(importDatasetFiles(asFiles(texts), { database })).rejects.toThrow(message);
      expect(await countDatasets(database)).toBe(0);
    });
  }

  it('rejects a zip whose session.json is broken, naming the file and position', async () => {
    const a = createSession();
    const files = unzipSync(
      await exportToBytes({
        sessions: [a.session],
        loadEvents: () => a.events,
        catalogue: new Map(),
        createdAt: Date.UTC(2026, 0, 1),
        appVersion: 't',
      }),
    );
    files['session.json'] = strToU8('{\n "type": "carousel-gaze-lab/export",\n "version": 1,,\n}');
    const database = freshDb();
    await expect(importDatasetFiles([{ name: 'broken.zip', bytes: zipSync(files) }], { database })).rejects.toThrow(
      /^session\.json line 3, column \d+: invalid JSON/,
    );
    expect(await countDatasets(database)).toBe(0);
  });

  it('rejects a zip whose raw event file is missing or holds a non-event', async () => {
    const a = createSession();
    const files = unzipSync(
      await exportToBytes({
        sessions: [a.session],
        loadEvents: () => a.events,
        catalogue: new Map(),
        createdAt: Date.UTC(2026, 0, 1),
        appVersion: 't',
      }),
    );
    const raw = Object.keys(files).find((k) => k.startsWith('raw/'))!;
    const withBad = { ...files, [raw]: strToU8(new TextDecoder().decode(files[raw]).replace('"kind":"cursor"', '"kind":"blink"')) };
    expect(() => prepareImport([{ name: 'e.zip', bytes: zipSync(withBad) }], 1)).toThrow(
      /^raw\/events\.jsonl line 1: screen 1: event \d+ is not a recorded event/,
    );
    const { [raw]: _gone, ...without } = files;
    expect(() => prepareImport([{ name: 'e.zip', bytes: zipSync(without) }], 1)).toThrow(
      /^session\.json line 1: names raw\/.* but the zip has no such file/,
    );
  });
});
