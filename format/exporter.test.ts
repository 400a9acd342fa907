import { gunzipSync, strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../stimuli/catalogue.ts';
import { parseCsv } from '../core/csv/parse.ts';
import { exportToBytes, type ExportInput } from './exporter.ts';
import { readExportSources, readExportZip } from './read-export.ts';
import { FILES } from './recgaze-columns.ts';
import { createSession } from './testing/create-session.ts';
import { screenColumns } from '../analysis/screen-columns.ts';
import { calibrationResult, validationRecord } from '../core/testing/calibration.ts';

const CREATED = Date.UTC(2026, 10, 26, 10, 0, 0);

async function exportOf(sessions: ReturnType<typeof createSession>[], createdAt = CREATED): Promise<Uint8Array> {
  const byId = new Map(sessions.map((s) => [s.session.id, s.events]));
  const input: ExportInput = {
    sessions: sessions.map((s) => s.session),
    loadEvents: (id) => byId.get(id)!,
    catalogue: await loadCatalogue({ kind: 'builtin', id: 'recgaze' }),
    createdAt,
    appVersion: '0.1.0',
  };
  return exportToBytes(input);
}

function table(files: Record<string, Uint8Array>, name: string) {
  const parsed = parseCsv(strFromU8(files[name]!), name);
  const col = (row: string[], c: string) => row[parsed.header.indexOf(c)]!;
  return { ...parsed, rows: parsed.records.map((r) => r.cells), col };
}

describe('exportToBytes()', () => {
  it('round-trips export → import → export to byte-identical files', async () => {
    const a = createSession();
    const b = createSession(
      {},
      { viewport: { w: 1366, h: 657 }, scripts: { 31: { steps: [{ scrollTo: 300 }, { dwell: { row: 3, column: 5, ms: 900 } }] } } },
    );
    // Events the compact raw encoding cannot store column-wise must survive verbatim.
    b.events
      .get(31)!
      .splice(
        5,
        0,
        { kind: 'gaze', t: 12.5, x: 10, y: null, source: 'mouse' },
        { source: 'webgazer', kind: 'gaze', t: 13, x: 1, y: 2 } as never,
        { kind: 'gaze', t: 14, x: 3, y: 4, source: 'replay', lost: 'hidden' },
      );
    const first = unzipSync(await exportOf([a, b]));
    const { envelope, sources } = readExportSources(first);
    expect(sources.map((s) => s.session.id)).toEqual([a.session.id, b.session.id]);
    const second = unzipSync(await exportOf(sources, Date.parse(envelope.createdAt)));
    expect(Object.keys(second).sort()).toEqual(Object.keys(first).sort());
    for (const name of Object.keys(first)) expect(Buffer.from(second[name]!).equals(Buffer.from(first[name]!)), name).toBe(true);
    // And the raw events come back exactly.
    expect(sources[1]!.events.get(31)).toEqual(b.events.get(31));
  });

  it('finds the dwelt-on tiles as fixations with row, position and page', async () => {
    const files = unzipSync(await exportOf([createSession()]));
    const t = table(files, FILES.summary);
    const fix = t.rows.filter((r) => t.col(r, 'TaskID') === '1' && t.col(r, 'Fixation_AOI_type') !== 'NA');
    const cells = fix.map((r) => [t.col(r, 'Fixation_AOI_Carousel_position'), t.col(r, 'Fixation_AOI_Movie_position_in_carousel')]);
    // Default script: row 1 column 2 (page 1), swipe row 2 forward, row 2 column 1 → position 6, then row 1 column 4.
    expect(cells).toEqual([
      ['1', '2'],
      ['2', '6'],
      ['1', '4'],
    ]);
    expect(Number(t.col(fix[0]!, 'Fixation_Duration'))).toBeGreaterThan(1400);
    const fixations = table(files, FILES.fixations);
    const second = fixations.rows.find(
      (r) => fixations.col(r, 'TaskID') === '1' && fixations.col(r, 'Fixation_AOI_Movie_position_in_carousel') === '6',
    )!;
    expect(fixations.col(second, 'Fixation_AOI_Page')).toBe('2');
    // Page 2 of the 3-page canvas: x is shifted by 1920.
    expect(Number(fixations.col(second, 'Fixation_LocX'))).toBeGreaterThan(1920);
  });

  it('aggregates cursor samples per AOI visit with durations in seconds', async () => {
    const files = unzipSync(await exportOf([createSession()]));
    const t = table(files, FILES.summary);
    const visits = t.rows.filter((r) => t.col(r, 'TaskID') === '1' && t.col(r, 'Cursor_AOI_type') !== 'NA');
    expect(visits.map((r) => t.col(r, 'Cursor_AOI_type'))).toEqual(['Movie', 'Forward', 'Movie', 'Movie']);
    const first = Number(t.col(visits[0]!, 'Cursor_Duration'));
    expect(first).toBeGreaterThan(1.4);
    expect(first).toBeLessThan(2);
  });

  it('is read by readExportZip() as recorded sessions with their events as columns', async () => {
    const a = createSession();
    const dataset = readExportZip(await exportOf([a]));
    expect(dataset.sessions).toHaveLength(1);
    const s = dataset.sessions[0]!;
    expect(s.origin).toBe('imported-export');
    expect(s.participantId).toBe(a.session.participantId);
    expect(s.screens.map((sc) => sc.taskId)).toEqual([1, 31, 36]);
    expect(s.screens[0]!.columns).toEqual(screenColumns(a.events.get(1)!));
    expect(s.genrePrefs?.top).toBe('Comedy');
    expect(s.validationAccuracyPx).toBe(84.2);
  });

  it('uses the screen measured at gaze setup for the detector, pymovements and BIDS', async () => {
    const a = createSession({
      calibration: [
        calibrationResult({
          validation: validationRecord({ meanErrorPx: 120, meanErrorDeg: 2.9 }),
          screen: { widthCm: 52.7, distanceCm: 65, pxPerDeg: 42 },
        }),
      ],
    });
    const files = unzipSync(await exportOf([a]));
    const env = JSON.parse(strFromU8(files['session.json']!));
    expect(env.sessions[0].fixation).toMatchObject({ algorithm: 'idt', pxPerDeg: 42, pxPerDegAssumed: false, dispersionPx: 84 });
    const expPath = Object.keys(files).find((k) => k.endsWith('.experiment.json'))!;
    const exp = JSON.parse(strFromU8(files[expPath]!));
    // The viewport is the pymovements "screen": 1920 of the 1920 CSS px the 52.7 cm screen spans.
    expect(exp).toMatchObject({ screen_width_cm: 52.7, distance_cm: 65 });
    const meta = JSON.parse(strFromU8(files[expPath.replace('.experiment.json', '.meta.json')]!));
    expect(meta).toMatchObject({ screen_size_assumed: false, distance_assumed: false });
    const sidecar = JSON.parse(strFromU8(files[Object.keys(files).find((k) => k.endsWith('run-01_recording-eye1_physio.json'))!]!));
    expect(sidecar).toMatchObject({ ScreenDistance: 0.65, AverageCalibrationError: 2.9, AverageCalibrationErrorPixels: 120 });
    const events = JSON.parse(strFromU8(files[Object.keys(files).find((k) => k.endsWith('run-01_events.json'))!]!));
    // Screen 1920 x 1080 CSS px at 52.7 cm wide: 29.64 cm high.
    expect(events.StimulusPresentation).toMatchObject({ ScreenSize: [0.527, 0.2964], ScreenResolution: [1920, 1080] });
    expect(events.ScreenSizeAssumed).toBe(false);
    expect(readExportZip(await exportOf([a])).sessions[0]!.pxPerDeg).toBe(42);
  });

  it('leaves out screens the participant never reached (an unfinished session)', async () => {
    const a = createSession({ status: 'active' });
    a.events.delete(36);
    delete a.session.selections[36];
    const dataset = readExportZip(await exportOf([a]));
    expect(dataset.sessions[0]!.screens.map((sc) => sc.taskId)).toEqual([1, 31]);
  });

  it('writes BIDS physio files and a pymovements CSV with their metadata', async () => {
    const a = createSession();
    const files = unzipSync(await exportOf([a]));
    const physio = Object.keys(files).filter((k) => k.endsWith('_recording-eye1_physio.tsv.gz'));
    expect(physio).toHaveLength(3);
    const first = physio.find((k) => k.includes('run-01'))!;
    const rows = strFromU8(gunzipSync(files[first]!)).trimEnd().split('\n');
    expect(rows[0]!.split('\t')).toHaveLength(3);
    expect(rows.length).toBe(a.events.get(1)!.filter((e) => e.kind === 'gaze').length);
    expect(rows.some((r) => r.endsWith('n/a\tn/a'))).toBe(true);
    const sidecar = JSON.parse(strFromU8(files[first.replace('.tsv.gz', '.json')]!));
    expect(sidecar).toMatchObject({
      Columns: ['timestamp', 'x_coordinate', 'y_coordinate'],
      SampleCoordinateSystem: 'gaze-on-screen',
      Manufacturer: 'WebGazer',
      RecordedEye: 'cyclopean',
      AverageCalibrationError: 2.2,
    });
    expect(sidecar.SamplingFrequency).toBeGreaterThan(0);
    const events = strFromU8(gunzipSync(files[first.replace('_physio.tsv.gz', '_physioevents.tsv.gz')]!))
      .trimEnd()
      .split('\n');
    expect(events.filter((r) => r.split('\t')[2] === 'fixation')).toHaveLength(3);
    expect(events.at(-1)).toMatch(/^\d+(\.\d)?\tn\/a\tn\/a\tselection row 1 position 4 movie \d+$/);
    expect(events.some((r) => r.endsWith('swipe row 2 forward to page 2 (arrow)'))).toBe(true);
    const evSidecar = JSON.parse(strFromU8(files[first.replace('_recording-eye1_physio.tsv.gz', '_events.json')]!));
    expect(evSidecar.StimulusPresentation).toMatchObject({
      ScreenResolution: [1920, 1080],
      ScreenDistance: 0.62,
      ScreenOrigin: ['top', 'left'],
    });
    const pym = Object.keys(files).find((k) => k.startsWith('pymovements/') && k.endsWith('.csv'))!;
    expect(strFromU8(files[pym]!).split('\r\n')[0]).toBe('task_id,time,pixel_x,pixel_y');
    const exp = JSON.parse(strFromU8(files[pym.replace('.csv', '.experiment.json')]!));
    expect(exp).toEqual({
      screen_width_px: 1920,
      screen_height_px: 945,
      screen_width_cm: 50.8,
      screen_height_cm: 25,
      distance_cm: 62,
      origin: 'upper left',
      sampling_rate: 30,
    });
  });
});
