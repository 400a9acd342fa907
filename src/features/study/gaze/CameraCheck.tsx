import { useEffect, useRef, useState } from 'react';
import type { GazeStatus } from '../../../tracking/gaze-source.ts';
import { FACE_MESSAGES, type FacePlacement } from '../../../tracking/webgazer-face-check.ts';
import type { CalibratableGazeSource } from '../../../tracking/webgazer-source.ts';

/** After this long without a face, the no-face problem is shown with its options. */
const NO_FACE_PROBLEM_MS = 6000;
const POLL_MS = 250;

type Failure = Extract<GazeStatus, { state: 'failed' }>;

const FAILURE_TEXT: Record<Failure['reason'], { title: string; help: string }> = {
  'camera-denied': {
    title: 'Camera access was blocked',
    help: 'This study needs your webcam to estimate where you look. Allow camera access for this page (click the camera icon in the address bar, choose Allow), then press Try again.',
  },
  'no-camera': {
    title: 'No camera found',
    help: 'Connect a webcam, or close other programs that use it (video calls), then press Try again.',
  },
  'model-failed': {
    title: 'Eye tracking could not start',
    help: 'The eye-tracking model did not load. Press Try again; if it fails again, reload the page or use an up-to-date Chrome, Edge or Firefox on a computer.',
  },
  'trace-failed': { title: 'The gaze trace could not be loaded', help: 'Check the study configuration.' },
  unknown: { title: 'Eye tracking could not start', help: 'Press Try again or reload the page.' },
};

/**
 * Camera setup: starts the tracker, shows the live preview with face-position feedback, and
 * explains failures with a retry (and, when allowed, a way to continue without eye tracking).
 */
export function CameraCheck(props: { source: CalibratableGazeSource; onReady: () => void; onFallbackToMouse?: (() => void) | undefined }) {
  const { source } = props;
  const preview = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState<GazeStatus>(source.status());
  const [placement, setPlacement] = useState<FacePlacement>('no-face');
  const [noFaceSince, setNoFaceSince] = useState<number | null>(null);
  const [now, setNow] = useState(() => performance.now());
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let alive = true;
    void source.start().then(() => alive && setStatus(source.status()));
    return () => {
      alive = false;
    };
  }, [source, attempt]);

  useEffect(() => {
    const timer = setInterval(() => {
      const s = source.status();
      setStatus(s);
      const t = performance.now();
      setNow(t);
      const p = s.state === 'running' ? source.faceCheck().placement : 'no-face';
      setPlacement(p);
      setNoFaceSince((since) => (p === 'no-face' && s.state === 'running' ? (since ?? t) : null));
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [source]);

  const running = status.state === 'running';
  useEffect(() => {
    const el = preview.current;
    if (!running || !el) return;
    source.showPreview(el);
    return () => source.hidePreview();
  }, [running, source]);

  const retry = async () => {
    await source.stop();
    setNoFaceSince(null);
    setStatus(source.status());
    setAttempt((a) => a + 1);
  };
  const fallback = props.onFallbackToMouse && (
    <button type="button" onClick={props.onFallbackToMouse}>
      Continue without eye tracking
    </button>
  );

  if (status.state === 'failed') {
    const text = FAILURE_TEXT[status.reason];
    return (
      <main className="page intro-card">
        <div className="gaze-error" role="alert">
          <h1>{text.title}</h1>
          <p>{text.help}</p>
          <p className="detail">{status.message}</p>
        </div>
        <div className="gaze-actions">
          <button type="button" className="primary" onClick={() => void retry()}>
            Try again
          </button>
          {fallback}
        </div>
      </main>
    );
  }

  const noFaceProblem = running && noFaceSince !== null && now - noFaceSince > NO_FACE_PROBLEM_MS;
  return (
    <main className="page intro-card">
      <h1>Camera setup</h1>
      {!running && (
        <p aria-live="polite">
          Starting the camera and the eye tracker… This can take a few seconds. Allow camera access if your browser asks.
        </p>
      )}
      <div ref={preview} className="camera-preview" aria-label="Camera preview" role="img" />
      {running && (
        <p role="status" className={`face-status ${placement === 'ok' ? 'ok' : 'warn'}`}>
          {FACE_MESSAGES[placement]}
        </p>
      )}
      {noFaceProblem && (
        <div className="gaze-error" role="alert">
          <h2>We cannot see your face</h2>
          <p>
            Make sure the camera is not covered, light your face from the front (not from behind), and sit about an arm&apos;s length from
            the screen.
          </p>
        </div>
      )}
      <div className="gaze-actions">
        <button type="button" className="primary" disabled={!running || placement === 'no-face'} onClick={props.onReady}>
          Continue
        </button>
        {noFaceProblem && (
          <button type="button" onClick={() => void retry()}>
            Try again
          </button>
        )}
        {noFaceProblem && fallback}
      </div>
    </main>
  );
}
