// The BIDS folder of an export against the BIDS 1.11 rules that apply to it (schema 1.11.1:
// rules/sidecars/continuous.yaml, rules/checks/eyetrack.yaml, rules/tabular_data/physio.yaml and
// events.yaml, rules/checks/dataset.yaml, objects/metadata.yaml), each rule encoded here.
import { calibrationResult, validationRecord } from '../core/testing/calibration.ts';
import { gunzipSync, strFromU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIDS_VERSION, bidsSubjectLabels } from './bids.ts';
import { createSession } from './testing/create-session.ts';
import { exportFiles } from './testing/export-files.ts';

let files: Record<string, Uint8Array>;
const json = (name: string): Record<string, unknown> => JSON.parse(strFromU8(files[name]!)) as Record<string, unknown>;
const tsvRows = (text: string): string[][] =>
  text
    .split('\n')
    .slice(0, -1)
    .map((l) => l.split('\t'));
const bidsFiles = () => Object.keys(files).filter((k) => k.startsWith('bids/'));
const physioFiles = () => bidsFiles().filter((k) => k.endsWith('_recording-eye1_physio.tsv.gz'));
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const numberOrNa = (cell: string) => cell === 'n/a' || (cell.trim() !== '' && Number.isFinite(Number(cell)));

beforeAll(async () => {
  const withDeg = createSession({ participantId: 'PILOT_7' });
  // A retina screen, a validation that only knows px, and a participant id that collides with the others.
  const retina = createSession(
    {
      participantId: 'PILOT-7',
      calibration: [calibrationResult({ validation: validationRecord({ meanErrorPx: 90 }) })],
      environment: {
        userAgent: 'test',
        language: 'en',
        screen: { w: 1440, h: 900 },
        viewport: { w: 1440, h: 789 },
        dpr: 2,
        persistentStorage: true,
      },
    },
    { viewport: { w: 1440, h: 789 } },
  );
  const plain = createSession({ participantId: 'PILOT7', calibration: [] });
  files = await exportFiles([withDeg, retina, plain]);
});

describe('bidsSubjectLabels()', () => {
  it('returns a unique alphanumeric label per id, the same whatever the order of the ids', () => {
    const ids = ['PILOT_7', 'PILOT7', 'PILOT-7', 'PILOT.7', 'A', '___'];
    const labels = bidsSubjectLabels(ids);
    expect(new Set(labels.values()).size).toBe(ids.length);
    for (const l of labels.values()) expect(l).toMatch(/^[0-9a-zA-Z+]+$/);
    expect(labels.get('PILOT7')).toBe('PILOT7');
    expect(labels.get('___')).toBe('unknown');
    expect(bidsSubjectLabels([...ids].reverse())).toEqual(labels);
  });
});

describe('the BIDS folder of an export', () => {
  it('has dataset_description.json with Name, a released BIDSVersion, Authors and License, and a README', () => {
    const d = json('bids/dataset_description.json');
    expect(typeof d.Name).toBe('string');
    expect(d.BIDSVersion).toBe(BIDS_VERSION);
    expect(['1.11.0', '1.11.1']).toContain(d.BIDSVersion);
    expect(d.DatasetType).toBe('raw');
    expect(
      Array.isArray(d.Authors) && (d.Authors as unknown[]).length > 0 && (d.Authors as unknown[]).every((a) => typeof a === 'string'),
    ).toBe(true);
    expect(typeof d.License).toBe('string');
    expect(strFromU8(files['bids/README']!).length).toBeGreaterThan(100);
  });

  it('writes the authors and licence given at export', async () => {
    const given = await exportFiles([createSession()], { dataset: { authors: ['Ada Lovelace', ' '], license: 'CC0' } });
    expect(JSON.parse(strFromU8(given['bids/dataset_description.json']!))).toMatchObject({ Authors: ['Ada Lovelace'], License: 'CC0' });
  });

  it('names every file by the BIDS entities (sub, ses, task, run, recording) in the beh datatype', () => {
    const top = new Set(['bids/dataset_description.json', 'bids/README', 'bids/participants.tsv', 'bids/participants.json']);
    for (const f of bidsFiles()) {
      if (top.has(f)) continue;
      const m =
        /^bids\/sub-([0-9a-zA-Z+]+)\/ses-([0-9a-zA-Z+]+)\/beh\/sub-\1_ses-\2_task-carousel_run-\d+_(recording-eye1_physio(?:events)?\.(?:tsv\.gz|json)|events\.(?:tsv|json))$/.exec(
          f,
        );
      expect(m, f).not.toBeNull();
    }
  });

  it('gives participants whose ids differ only by _ . - distinct labels and keeps the original ids in participants.tsv', () => {
    const subs = new Set(bidsFiles().flatMap((f) => /^bids\/(sub-[^/]+)\//.exec(f)?.[1] ?? []));
    expect(subs.size).toBe(3);
    const [header, ...rows] = tsvRows(strFromU8(files['bids/participants.tsv']!));
    expect(header).toEqual(['participant_id', 'original_participant_id']);
    for (const r of rows) expect(r[0]).toMatch(/^sub-[0-9a-zA-Z+]+$/);
    // ParticipantIDMismatch: the participant_id column lists exactly the subject folders.
    expect(new Set(rows.map((r) => r[0]))).toEqual(subs);
    expect(new Set(rows.map((r) => r[1]))).toEqual(new Set(['PILOT_7', 'PILOT-7', 'PILOT7']));
    expect(json('bids/participants.json')).toHaveProperty('original_participant_id');
  });

  it('writes physio sidecars with the required eye-tracking fields, numbers where BIDS wants numbers and no null anywhere', () => {
    expect(physioFiles()).toHaveLength(9);
    for (const f of bidsFiles().filter((k) => k.endsWith('.json'))) {
      const text = strFromU8(files[f]!);
      expect(text, f).not.toContain('null');
    }
    for (const f of physioFiles()) {
      const s = json(f.replace('.tsv.gz', '.json'));
      // Continuous + EyeTrack (required): SamplingFrequency, StartTime, Columns, PhysioType, RecordedEye, SampleCoordinateSystem.
      expect(isNumber(s.SamplingFrequency) && s.SamplingFrequency > 0).toBe(true);
      expect(isNumber(s.StartTime)).toBe(true);
      expect(s.PhysioType).toBe('eyetrack');
      expect(['left', 'right', 'cyclopean']).toContain(s.RecordedEye);
      expect(['gaze-on-screen', 'eye-in-head', 'gaze-in-world', 'custom']).toContain(s.SampleCoordinateSystem);
      // PhysioEyeTracking: the first columns are timestamp, x_coordinate, y_coordinate; x and y need Units.
      expect((s.Columns as string[]).slice(0, 3)).toEqual(['timestamp', 'x_coordinate', 'y_coordinate']);
      for (const c of ['x_coordinate', 'y_coordinate']) expect((s[c] as { Units?: string }).Units).toBe('pixel');
      expect(typeof s.TaskName).toBe('string');
      // Metadata types: calibration errors are numbers (degrees) or left out; CalibrationUnit is one of the allowed values.
      for (const k of ['AverageCalibrationError', 'MaximalCalibrationError']) if (k in s) expect(isNumber(s[k]), `${f} ${k}`).toBe(true);
      if ('CalibrationUnit' in s) expect(['pixel', 'mm', 'cm']).toContain(s.CalibrationUnit);
      expect(Number.isInteger(s.CalibrationCount) && (s.CalibrationCount as number) >= 0).toBe(true);
    }
    const first = (sub: string) =>
      json(
        physioFiles()
          .find((f) => f.includes(`sub-${sub}/`) && f.includes('run-01'))!
          .replace('.tsv.gz', '.json'),
      );
    // Labels: PILOT7 keeps its own, then PILOT-7 (+2) and PILOT_7 (+3) in code-point order.
    expect(first('PILOT7+3')).toMatchObject({ AverageCalibrationError: 2.2, MaximalCalibrationError: 2.2 });
    expect(first('PILOT7+2')).not.toHaveProperty('AverageCalibrationError');
    expect(first('PILOT7+2')).toMatchObject({ AverageCalibrationErrorPixels: 90 });
    expect(first('PILOT7')).not.toHaveProperty('MaximalCalibrationError');
  });

  it('writes physio rows of numbers (n/a when lost) and physioevents whose OnsetSource is a physio column', () => {
    for (const f of physioFiles()) {
      const rows = tsvRows(strFromU8(gunzipSync(files[f]!)));
      expect(rows.length).toBeGreaterThan(10);
      for (const r of rows) {
        expect(r).toHaveLength(3);
        expect(r.every(numberOrNa), r.join('\t')).toBe(true);
      }
      const events = f.replace('_physio.tsv.gz', '_physioevents');
      const sidecar = json(`${events}.json`);
      // PhysioEvents (required): Columns and OnsetSource; OnsetSourceConsistency: the source is a physio column.
      expect(sidecar.Columns).toEqual(['onset', 'duration', 'trial_type', 'message']);
      expect(json(f.replace('.tsv.gz', '.json')).Columns).toContain(sidecar.OnsetSource);
      const onsets = tsvRows(strFromU8(gunzipSync(files[`${events}.tsv.gz`]!))).map((r) => {
        expect(r).toHaveLength(4);
        expect(numberOrNa(r[1]!)).toBe(true);
        return Number(r[0]);
      });
      expect(onsets.every(Number.isFinite)).toBe(true);
      expect(onsets).toEqual([...onsets].sort((a, b) => a - b));
    }
  });

  it('gives every run an _events.tsv (onset, duration first; sorted) and an _events.json with TaskName and the StimulusPresentation gaze-on-screen requires', () => {
    for (const f of physioFiles()) {
      const base = f.replace('_recording-eye1_physio.tsv.gz', '_events');
      const [header, ...rows] = tsvRows(strFromU8(files[`${base}.tsv`]!));
      expect(header!.slice(0, 2)).toEqual(['onset', 'duration']);
      const onsets = rows.map((r) => Number(r[0]));
      expect(onsets.every(Number.isFinite)).toBe(true);
      expect(onsets).toEqual([...onsets].sort((a, b) => a - b));
      for (const r of rows) {
        expect(r).toHaveLength(header!.length);
        expect(r[1] === 'n/a' || Number(r[1]) >= 0).toBe(true);
      }
      expect(rows.some((r) => r[2] === 'selection')).toBe(true);
      const sidecar = json(`${base}.json`);
      expect(typeof sidecar.TaskName).toBe('string');
      // EyetrackingStimulusPresentation: ScreenDistance, ScreenOrigin, ScreenResolution and ScreenSize.
      const p = sidecar.StimulusPresentation as Record<string, unknown>;
      expect(isNumber(p.ScreenDistance) && p.ScreenDistance > 0).toBe(true);
      expect(p.ScreenOrigin).toEqual(['top', 'left']);
      expect((p.ScreenResolution as number[]).every(Number.isInteger)).toBe(true);
      expect((p.ScreenResolution as number[]).length).toBe(2);
      expect((p.ScreenSize as number[]).every((v) => isNumber(v) && v > 0 && v < 2)).toBe(true);
    }
  });

  it('takes ScreenResolution from the screen in device pixels (CSS px × device pixel ratio), not the viewport', () => {
    const retina = physioFiles().find((f) => f.includes('sub-PILOT7+2/') && f.includes('run-01'))!;
    const p = json(retina.replace('_recording-eye1_physio.tsv.gz', '_events.json')).StimulusPresentation as Record<string, unknown>;
    expect(p.ScreenResolution).toEqual([2880, 1800]);
    // The x/y columns say they are viewport CSS px, and of which viewport.
    expect(JSON.stringify(json(retina.replace('.tsv.gz', '.json')).x_coordinate)).toContain('1440 x 789 CSS px');
  });

  it('writes gzip files with header time 0, so the same data gives the same bytes', () => {
    const gz = bidsFiles().filter((f) => f.endsWith('.gz'));
    expect(gz.length).toBe(18);
    for (const f of gz) expect(new DataView(files[f]!.buffer, files[f]!.byteOffset).getUint32(4, true), f).toBe(0);
  });
});
