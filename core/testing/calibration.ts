// Complete calibration records for tests that only care about a few of their figures.
import type { CalibrationResult, DriftCheckRecord, ValidationRecord } from '../calibration.ts';

export function validationRecord(figures: Partial<ValidationRecord> = {}): ValidationRecord {
  return {
    points: [],
    meanErrorPx: null,
    meanErrorDeg: null,
    meanCentroidOffsetPx: null,
    meanPrecisionRmsPx: null,
    meanPrecisionSdPx: null,
    withinRadiusPct: null,
    samples: 0,
    lost: 0,
    radiusPx: 200,
    gatePx: 200,
    passed: true,
    ...figures,
  };
}

export function calibrationResult(fields: Partial<CalibrationResult> = {}): CalibrationResult {
  return { kind: 'calibration', source: 'webgazer', at: 0, recalibrations: 0, ...fields };
}

export function driftCheckRecord(fields: Partial<DriftCheckRecord> = {}): DriftCheckRecord {
  return {
    kind: 'drift',
    source: 'webgazer',
    at: 0,
    passed: true,
    offsetPx: null,
    thresholdPx: 250,
    samples: 0,
    lost: 0,
    recalibrated: false,
    ...fields,
  };
}
