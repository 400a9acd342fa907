// One derivation (issue 12): the fixations the export writes (fixations.csv) are the fixations the
// analysis view computes for the same recorded session — with the study's own detector settings,
// the measured screen, a swipe, a scroll, lost tracking and gaze recorded after the selection.
import { calibrationResult, validationRecord } from '../../../core/testing/calibration.ts';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { AnalysisEngine } from './analysis-engine.ts';
import { parseCsv } from '../../../core/csv/parse.ts';
import type { RecordedEvent } from '../../../core/events.ts';
import { exportToBytes } from '../../../format/exporter.ts';
import { createSession } from '../../../format/testing/create-session.ts';
import { sessionToAnalysis } from '../../../format/to-analysis.ts';
import { PILOT_PRESET } from '../../../stimuli/presets.ts';

type Row = Record<string, string>;

function table(files: Record<string, Uint8Array>, name: string): Row[] {
  const p = parseCsv(strFromU8(files[name]!), name);
  return p.records.map((r) => Object.fromEntries(p.header.map((h, i) => [h, r.cells[i]!])));
}

function recordedSession() {
  const config = {
    ...PILOT_PRESET,
    fixation: { algorithm: 'idt' as const, dispersionDeg: 1.5, minDurationMs: 150, velocityDegPerS: 30, aoiRadiusPx: 40 },
  };
  const a = createSession(
    {
      config,
      calibration: [
        calibrationResult({
          validation: validationRecord({ meanErrorPx: 200, meanErrorDeg: 4.8 }),
          screen: { widthCm: 52.7, distanceCm: 65, pxPerDeg: 42 },
        }),
      ],
    },
    {
      scripts: {
        1: {
          steps: [
            { dwell: { row: 1, column: 2, ms: 900 } },
            { swipe: { row: 2, direction: 'forward' } },
            { dwell: { row: 2, column: 1, ms: 700 } },
            { lost: 300 },
            { scrollTo: 400 },
            { dwell: { row: 4, column: 3, ms: 600 } },
            { dwell: { row: 4, column: 4, ms: 500 } },
          ],
        },
      },
    },
  );
  // Gaze keeps coming for a second after the selection (the screen is still up): not the screen's.
  const ev = a.events.get(1)!;
  const sel = ev.find((e) => e.kind === 'selection')!;
  const after: RecordedEvent[] = Array.from({ length: 30 }, (_, i) => ({
    kind: 'gaze',
    t: sel.t + 20 + i * 33.3,
    x: 900,
    y: 500,
    source: 'mouse',
  }));
  ev.push(...after);
  return a;
}

describe('export and analysis view: one derivation', () => {
  it('returns in the analysis view exactly the fixations the export writes to fixations.csv', async () => {
    const a = recordedSession();
    const zip = unzipSync(
      await exportToBytes({ sessions: [a.session], loadEvents: () => a.events, catalogue: new Map(), createdAt: 0, appVersion: 't' }),
    );
    const exported = table(zip, 'fixations.csv');

    const engine = new AnalysisEngine();
    engine.analyse({ dataset: { sessions: [sessionToAnalysis(a.session, a.events, 'recorded')] }, answers: [] });
    const viewed = table(unzipSync(engine.tablesZip()), 'fixations.csv');

    expect(exported.length).toBeGreaterThan(6);
    expect(viewed.length).toBe(exported.length);
    const num = (v: string) => (v === 'NA' ? NaN : Number(v));
    const near = (a: number, b: number, tol: number) => (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= tol;
    exported.forEach((e, i) => {
      const v = viewed[i]!;
      const at = `fixation ${i} of task ${e.TaskID}`;
      expect(v.task_id, at).toBe(e.TaskID);
      // the export rounds times to 1 ms (written in s) and positions / durations to 0.1
      expect(near(num(v.t_ms!), num(e.Timestamp!) * 1000, 0.5 + 1e-6), `${at}: onset`).toBe(true);
      expect(near(num(v.duration_ms!), num(e.Fixation_Duration!), 0.05 + 1e-3), `${at}: duration`).toBe(true);
      expect(near(num(v.stimulus_x!), num(e.Fixation_LocX!), 0.05 + 1e-3), `${at}: canvas x`).toBe(true);
      expect(near(num(v.stimulus_y!), num(e.Fixation_LocY!), 0.05 + 1e-3), `${at}: canvas y`).toBe(true);
      expect(near(num(v.viewport_x!), num(e.Viewport_LocX!), 0.05 + 1e-3), `${at}: viewport x`).toBe(true);
      expect(near(num(v.viewport_y!), num(e.Viewport_LocY!), 0.05 + 1e-3), `${at}: viewport y`).toBe(true);
      expect([v.aoi_type, v.aoi_row, v.aoi_page], at).toEqual([e.Fixation_AOI_type, e.Fixation_AOI_Carousel_position, e.Fixation_AOI_Page]);
      if (e.Fixation_AOI_type === 'Movie') expect(v.aoi_position, at).toBe(e.Fixation_AOI_Movie_position_in_carousel);
      expect([v.closest_type, v.closest_row], at).toEqual([e.Fixation_AOI_Closest_type, e.Fixation_AOI_Closest_Carousel_position]);
    });

    // The study's settings (1.5° at the measured 42 px/°, 150 ms) decided both, and the export says so.
    const env = JSON.parse(strFromU8(zip['session.json']!));
    expect(env.sessions[0].fixation).toMatchObject({
      algorithm: 'idt',
      dispersionPx: 63,
      minDurationMs: 150,
      aoiRadiusPx: 40,
      derivationVersion: 1,
    });
    const selT = a.session.selections[1]!.t;
    expect(exported.filter((r) => r.TaskID === '1').every((r) => Number(r.Timestamp) * 1000 <= selT)).toBe(true);
  });
});
