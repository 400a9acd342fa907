// What the Node-side harness and the in-page camera say to each other: options, the participant's
// state, and the truth log. Types and defaults only, so both sides can import it.
import type { FaceGeometry, Framing, HeadPose, Setup, Vec2 } from './gaze-model.ts';

/** Where the eyes look. Viewport CSS px; elements are followed live (scrolling, paging, moving dots). */
export type GazeTarget =
  | { kind: 'point'; x: number; y: number }
  /** The centre of the first visible element matching `selector` (or `at`, fractions of its box). */
  | { kind: 'element'; selector: string; at?: Vec2 }
  /** The mouse pointer (before any mouse move: the viewport centre). */
  | { kind: 'pointer' }
  /** Off the screen (e.g. down at the keyboard): the truth log says null. */
  | { kind: 'away' };

export interface ScanStep {
  target: GazeTarget;
  dwellMs: number;
  /** Copied into the truth log; defaults to the selector or `point`. */
  label?: string;
}

/** Sinusoidal head movement around the current pose: each field is an amplitude (cm, degrees). */
export interface HeadSway {
  amplitude: Partial<HeadPose>;
  periodMs: number;
}

export interface ParticipantState {
  /** Where the eyes look when no dot and no scanpath claims them. */
  target: GazeTarget;
  /** While a calibration, validation or drift dot (`.gaze-dot`) is on screen, look at it, as instructed. */
  followDots: boolean;
  head: HeadPose;
  sway: HeadSway | null;
  /** Mean ms between spontaneous blinks (0: none); each blink lasts blinkMs. */
  blinkEveryMs: number;
  blinkMs: number;
  /** Multiplies the picture (1: as photographed). */
  brightness: number;
  /** Light from one side: -1..1, the picture's right side brighter for > 0. */
  sideLight: number;
  /** Sensor noise: standard deviation in grey levels (0..255). */
  noise: number;
  /** Fixational jitter of the eyes: standard deviation in degrees. */
  tremorDeg: number;
}

export const DEFAULT_STATE: ParticipantState = {
  target: { kind: 'pointer' },
  followDots: true,
  head: { x: 0, y: 0, z: 0, yaw: 0, pitch: 0, roll: 0 },
  sway: null,
  blinkEveryMs: 0,
  blinkMs: 150,
  brightness: 1,
  sideLight: 0,
  noise: 2,
  tremorDeg: 0.1,
};

export interface EyeLook {
  /** Eye openings are drawn this much taller than the photo's (the photo's eyes are narrowed by a smile). */
  opening: number;
  /**
   * The upper lid follows the iris down by this share of its movement. People's lids follow
   * vertical gaze closely (near 1); WebGazer cuts its eye patch from the lid landmarks, so a lid
   * that follows fully takes most of the vertical signal with it (the accuracy bench shows both).
   */
  lidFollow: number;
}

export const DEFAULT_LOOK: EyeLook = { opening: 1.35, lidFollow: 0.5 };

/** Everything the in-page camera needs; sent once with the init script. */
export interface CameraConfig {
  /** The face photo as base64 PNG, and where its eyes are. */
  photoBase64: string;
  face: FaceGeometry;
  framing: Framing;
  setup: Setup;
  look: EyeLook;
  fps: number;
  seed: number;
  /** What counts as a calibration, validation or drift dot (see ParticipantState.followDots). */
  dotSelector: string;
  state: ParticipantState;
}

/** One painted camera frame: what the eyes were doing when it was drawn. */
export interface TruthFrame {
  /** `performance.now()` of the page when the frame was painted. */
  t: number;
  frame: number;
  /** Viewport px where the eyes point; null when they look away or the lids are closed. */
  x: number | null;
  y: number | null;
  /** The scan step's label, the dot's accessible name, the selector, `pointer` or `point`. */
  label: string | null;
  /** 0 open … 1 closed. */
  closure: number;
  head: HeadPose;
  /** Painted iris centres in camera px (participant's right eye first). */
  irises: [Vec2, Vec2];
}

/** A mouse move as the page saw it, to line the truth up with the app's recorded cursor events. */
export interface PointerMove {
  t: number;
  x: number;
  y: number;
}

/** What the page reports to Node (batched). */
export interface TruthBatch {
  /** Identifies the document (performance.timeOrigin): page times are relative to it. */
  timeOrigin: number;
  url: string;
  frames: TruthFrame[];
  pointer: PointerMove[];
}

/** Names on `window` shared by the init script, the bindings and the harness. */
export const PAGE_API = '__syntheticParticipant';
export const REPORT_BINDING = '__syntheticReport';
export const STATE_BINDING = '__syntheticState';
