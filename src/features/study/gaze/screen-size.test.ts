import { describe, expect, it } from 'vitest';
import { pxPerDeg } from '../../../../analysis/validation-metrics.ts';
import { calibrationResult, driftCheckRecord } from '../../../../core/testing/calibration.ts';
import { PILOT_PRESET } from '../../../../stimuli/presets.ts';
import { createSession, withCalibration } from '../session-actions.ts';
import { engineViewing, screenSizeFields, screenSizeFrom, storedScreen } from './screen-size.ts';

const base = { method: 'card' as const, cardPx: 428, typedWidthCm: '', distanceCm: '60', screenWidthPx: 1920 };

describe('screenSizeFrom()', () => {
  it('derives the screen width from the card match (428 px = 8.56 cm → 50 px/cm)', () => {
    const r = screenSizeFrom(base);
    expect(typeof r).toBe('object');
    if (typeof r === 'object') {
      expect(r.widthCm).toBeCloseTo(38.4, 10);
      expect(r.pxPerDeg).toBeCloseTo(pxPerDeg(1920, 38.4, 60), 10);
    }
  });
  it('uses a typed width', () => {
    const r = screenSizeFrom({ ...base, method: 'typed', typedWidthCm: '53' });
    expect(typeof r === 'object' && r.widthCm).toBe(53);
  });
  it('names the bad field', () => {
    expect(screenSizeFrom({ ...base, distanceCm: '5' })).toMatch(/Viewing distance/);
    expect(screenSizeFrom({ ...base, distanceCm: '' })).toMatch(/Viewing distance/);
    expect(screenSizeFrom({ ...base, method: 'typed', typedWidthCm: 'abc' })).toMatch(/Screen width/);
  });
});

describe('the measurement for the gaze engine', () => {
  const session = (screenW: number) =>
    createSession({
      id: 's1',
      participantId: 'LAB_1',
      config: PILOT_PRESET,
      gazeSource: 'worker',
      firstTask: 'Free_browsing',
      environment: {
        userAgent: 'test',
        language: 'en',
        screen: { w: screenW, h: 900 },
        viewport: { w: screenW, h: 800 },
        dpr: 2,
        persistentStorage: true,
      },
      now: 1000,
    });
  const measured = (widthCm: number, distanceCm: number) =>
    calibrationResult({ source: 'worker', screen: { widthCm, distanceCm, pxPerDeg: pxPerDeg(1440, widthCm, distanceCm) } });

  it('a card match on a 1440-px laptop: 50.3 CSS px per cm at the typed distance', () => {
    const size = screenSizeFrom({ method: 'card', cardPx: 430, typedWidthCm: '', distanceCm: '45', screenWidthPx: 1440 });
    if (typeof size === 'string') throw new Error(size);
    expect(engineViewing(size, 1440)).toEqual({ pxPerCm: 430 / 8.56, distanceCm: 45 });
    expect(engineViewing({ widthCm: 0.5, distanceCm: 45 }, 1440)).toBeNull(); // 2880 px per cm: no screen
  });

  it('a stored session: the last measurement, at the screen width it was taken on; none before one', () => {
    expect(storedScreen(session(1440))).toBeNull();
    const twice = withCalibration(withCalibration(session(1440), measured(40, 60)), measured(28.65, 50));
    const withDrift = withCalibration(twice, driftCheckRecord({ source: 'worker' }));
    const stored = storedScreen(withDrift)!;
    expect(stored.size).toMatchObject({ widthCm: 28.65, distanceCm: 50 });
    expect(stored.viewing!.pxPerCm).toBeCloseTo(1440 / 28.65, 9);
    expect(stored.viewing!.distanceCm).toBe(50);
    expect(storedScreen(withCalibration(session(0), measured(28.65, 50)))!.viewing).toBeNull(); // no screen width recorded
  });

  it('a resumed form starts from the stored measurement: the same card match, or the width typed when the slider cannot show it', () => {
    const size = screenSizeFrom({ method: 'card', cardPx: 430, typedWidthCm: '', distanceCm: '45', screenWidthPx: 1440 });
    if (typeof size === 'string') throw new Error(size);
    const fields = screenSizeFields(size, 1440);
    expect(fields).toEqual({ method: 'card', cardPx: 430, typedWidthCm: '', distanceCm: '45' });
    expect(screenSizeFrom({ ...fields, screenWidthPx: 1440 })).toEqual(size);
    const wall = screenSizeFields({ widthCm: 180.04, distanceCm: 120, pxPerDeg: 10 }, 1440); // 68 px card: off the slider
    expect(wall).toMatchObject({ method: 'typed', typedWidthCm: '180', distanceCm: '120' });
  });
});
