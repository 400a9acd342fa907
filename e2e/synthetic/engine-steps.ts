// The worker engine's accuracy steps as model variants (EngineOptions.variants): each one trained on
// the same calibration clicks and fed the same frames as the app's model, so the accuracy bench
// can print before/after per step from one pilot.
import { DEFAULT_POSE_COMPENSATION } from '../../src/tracking/worker-engine/face-geometry.ts';
import { ENGINE_MODEL, WEBGAZER_MODEL, type GazeModelOptions } from '../../src/tracking/worker-engine/gaze-model.ts';

const RAW: GazeModelOptions = { ...WEBGAZER_MODEL, filter: 'none' };
const STANDARDISED = { lambda: 1, standardise: true };
const IRIS: GazeModelOptions = { ...RAW, features: { eyePatches: false, iris: true, headPose: false }, ridge: STANDARDISED };
const PATCHES_IRIS: GazeModelOptions = {
  ...RAW,
  features: { eyePatches: true, iris: true, headPose: false },
  ridge: { lambda: 10, standardise: true },
};
const ROTATION = { ...DEFAULT_POSE_COMPENSATION, rotation: true, translation: false };
const TRANSLATION = { ...DEFAULT_POSE_COMPENSATION, rotation: false, translation: true };
const POSE = { ...DEFAULT_POSE_COMPENSATION, rotation: true, translation: true };

const ALL: GazeModelOptions = { ...PATCHES_IRIS, compensation: POSE };

export const ENGINE_STEPS: { name: string; model: GazeModelOptions }[] = [
  { name: 'eye patches (WebGazer), no filter', model: RAW },
  { name: 'eye patches, standardised ridge λ 10', model: { ...RAW, ridge: { lambda: 10, standardise: true } } },
  { name: 'eye patches + head pose (rotation + translation)', model: { ...RAW, compensation: POSE } },
  { name: 'iris landmarks', model: IRIS },
  { name: 'iris + head pose (rotation + translation)', model: { ...IRIS, compensation: POSE } },
  { name: 'iris + head-pose features in the ridge', model: { ...IRIS, features: { eyePatches: false, iris: true, headPose: true } } },
  { name: 'eye patches + iris', model: PATCHES_IRIS },
  { name: 'eye patches + iris, λ 30', model: { ...PATCHES_IRIS, ridge: { lambda: 30, standardise: true } } },
  { name: 'eye patches + iris + head pose (rotation)', model: { ...PATCHES_IRIS, compensation: ROTATION } },
  { name: 'eye patches + iris + head pose (translation)', model: { ...PATCHES_IRIS, compensation: TRANSLATION } },
  { name: 'eye patches + iris + head pose (rotation + translation)', model: ALL },
  { name: '… + Kalman filter', model: { ...ALL, filter: 'kalman' } },
  { name: '… + 1€ filter', model: { ...ALL, filter: 'one-euro' } },
  { name: 'eye patches + iris + head pose (translation) + 1€ (ENGINE_MODEL)', model: ENGINE_MODEL },
  { name: '… + clicks train it (implicit recalibration; window 60)', model: { ...ENGINE_MODEL, window: 60, trainOnClicks: true } },
];
