// What the gaze setup stores in `session.calibration`: calibration/validation results and drift
// checks. The schemas are the types (InferOutput) and check the records when they are read back.
import * as v from 'valibot';

const GAZE_SOURCES = ['webgazer', 'worker', 'mouse', 'replay', 'simulated'] as const;

/** A finite number (NaN and ±Infinity are refused: they do not survive JSON and break averages). */
const finite = v.pipe(v.number(), v.finite());
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const finiteOrNull = v.nullable(finite);
const point = v.object({ x: finite, y: finite });

export const ValidationPointSchema = v.object({
  target: point,
  samples: count,
  lost: count,
  meanOffsetPx: finiteOrNull,
  centroid: v.nullable(point),
  centroidOffsetPx: finiteOrNull,
  precisionRmsPx: finiteOrNull,
  precisionSdPx: finiteOrNull,
  withinRadiusPct: finiteOrNull,
  meanOffsetDeg: v.exactOptional(finiteOrNull),
  centroidOffsetDeg: v.exactOptional(finiteOrNull),
  precisionRmsDeg: v.exactOptional(finiteOrNull),
  precisionSdDeg: v.exactOptional(finiteOrNull),
});

export const ValidationSchema = v.object({
  points: v.array(ValidationPointSchema),
  meanErrorPx: finiteOrNull,
  meanErrorDeg: finiteOrNull,
  meanCentroidOffsetPx: finiteOrNull,
  meanPrecisionRmsPx: finiteOrNull,
  meanPrecisionSdPx: finiteOrNull,
  withinRadiusPct: finiteOrNull,
  samples: count,
  lost: count,
  radiusPx: finite,
  gatePx: finite,
  passed: v.boolean(),
});

/** The gaze setup's result: calibration rounds, the last validation, the measured screen. */
export const CalibrationResultSchema = v.object({
  kind: v.literal('calibration'),
  source: v.picklist(GAZE_SOURCES),
  at: finite,
  validation: v.exactOptional(ValidationSchema),
  recalibrations: count,
  screen: v.exactOptional(v.object({ widthCm: finite, distanceCm: finite, pxPerDeg: finite })),
  fallback: v.exactOptional(v.boolean()),
  /** Set when the setup ran again after a reload. */
  resumed: v.exactOptional(v.boolean()),
});

/** A centre-dot drift check between screens. */
export const DriftCheckSchema = v.object({
  kind: v.literal('drift'),
  source: v.picklist(GAZE_SOURCES),
  at: finite,
  passed: v.boolean(),
  skipped: v.exactOptional(v.boolean()),
  offsetPx: finiteOrNull,
  thresholdPx: finite,
  samples: count,
  lost: count,
  recalibrated: v.boolean(),
});

export const CalibrationRecordSchema = v.variant('kind', [CalibrationResultSchema, DriftCheckSchema]);

export type ValidationRecord = v.InferOutput<typeof ValidationSchema>;
export type CalibrationResult = v.InferOutput<typeof CalibrationResultSchema>;
export type DriftCheckRecord = v.InferOutput<typeof DriftCheckSchema>;
export type CalibrationRecord = v.InferOutput<typeof CalibrationRecordSchema>;
