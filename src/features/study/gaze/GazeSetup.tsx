import { useCallback, useEffect, useState } from 'react';
import type { GazeSourceKind } from '../../../../core/events.ts';
import type { ScreenGeometry, ValidationSummary } from '../../../../analysis/validation-metrics.ts';
import type { GazeSettings } from '../../../../core/study-config/schema.ts';
import { isWebcamGaze, type GazeSource, type GazeStatus } from '../../../tracking/gaze-source.ts';
import { isCalibratable, type CalibratableGazeSource } from '../../../tracking/webgazer-source.ts';
import { Calibration } from './Calibration.tsx';
import { CameraCheck } from './CameraCheck.tsx';
import { ScreenSizeForm } from './ScreenSizeForm.tsx';
import { engineViewing, type ScreenSize } from './screen-size.ts';
import { Validation } from './Validation.tsx';
import './gaze.css';

export interface GazeSetupResult {
  kind: 'calibration';
  source: GazeSourceKind;
  at: number;
  validation?: ValidationSummary;
  recalibrations: number;
  screen?: { widthCm: number; distanceCm: number; pxPerDeg: number };
  fallback?: boolean;
}

export interface GazeSetupProps {
  source: GazeSource;
  settings: GazeSettings;
  /** The session's earlier measurement (a resumed setup): the screen-size form starts from it. */
  measured?: ScreenSize | undefined;
  onComplete: (result: GazeSetupResult) => void;
  onFallbackToMouse?: () => void;
}

export function GazeSetup(props: GazeSetupProps) {
  const { source } = props;
  if (isWebcamGaze(source.kind) && isCalibratable(source)) return <TrackerSetup {...props} source={source} />;
  return <ReadySetup {...props} />;
}

/** Mouse, replay and simulated sources: start, then one click. */
function ReadySetup({ source, onComplete, onFallbackToMouse }: GazeSetupProps) {
  const [status, setStatus] = useState<GazeStatus>(source.status());
  useEffect(() => {
    let alive = true;
    void source.start().then(() => alive && setStatus(source.status()));
    return () => {
      alive = false;
    };
  }, [source]);
  if (status.state === 'failed')
    return (
      <main className="page intro-card">
        <div className="gaze-error" role="alert">
          <h1>The gaze source could not start</h1>
          <p className="detail">{status.message}</p>
        </div>
        {onFallbackToMouse && (
          <div className="gaze-actions">
            <button type="button" onClick={onFallbackToMouse}>
              Continue without eye tracking
            </button>
          </div>
        )}
      </main>
    );
  const what = source.kind === 'mouse' ? 'the mouse pointer' : source.kind === 'replay' ? 'a recorded gaze trace' : 'a simulated viewer';
  return (
    <main className="page intro-card">
      <h1>Ready</h1>
      <p>In this session, gaze is taken from {what}.</p>
      <button
        type="button"
        className="primary"
        disabled={status.state !== 'running'}
        onClick={() => onComplete({ kind: 'calibration', source: source.kind, at: Date.now(), recalibrations: 0 })}
      >
        Continue
      </button>
    </main>
  );
}

type Phase =
  | { name: 'camera' }
  | { name: 'screen' }
  | { name: 'calibration'; round: number }
  | { name: 'validation'; round: number }
  | { name: 'result'; round: number; summary: ValidationSummary };

/** WebGazer: camera → screen size → calibration → validation, recalibrating while the gate fails. */
function TrackerSetup({
  source,
  settings,
  measured,
  onComplete,
  onFallbackToMouse,
}: Omit<GazeSetupProps, 'source'> & { source: CalibratableGazeSource }) {
  const [phase, setPhase] = useState<Phase>({ name: 'camera' });
  const [screen, setScreen] = useState<ScreenSize | null>(null);
  const geometry: ScreenGeometry | undefined = screen
    ? { screenWidthPx: window.screen.width, screenWidthCm: screen.widthCm, distanceCm: screen.distanceCm }
    : undefined;

  const fallback = onFallbackToMouse
    ? () => {
        void source.stop();
        onFallbackToMouse();
      }
    : undefined;
  const finish = (round: number, summary: ValidationSummary) => {
    source.stopTrainingOnInteraction();
    onComplete({
      kind: 'calibration',
      source: source.kind,
      at: Date.now(),
      validation: summary,
      recalibrations: round,
      ...(screen ? { screen } : {}),
    });
  };
  const round = 'round' in phase ? phase.round : 0;
  const onValidated = useCallback((summary: ValidationSummary) => setPhase({ name: 'result', round, summary }), [round]);

  switch (phase.name) {
    case 'camera':
      return <CameraCheck source={source} onReady={() => setPhase({ name: 'screen' })} onFallbackToMouse={fallback} />;
    case 'screen':
      return (
        <ScreenSizeForm
          initial={measured}
          onDone={(size) => {
            setScreen(size);
            // Before calibration, so the calibration's reference pose and the validation use the measured screen.
            source.setViewing?.(engineViewing(size, window.screen.width));
            setPhase({ name: 'calibration', round: 0 });
          }}
        />
      );
    case 'calibration':
      return (
        <Calibration
          source={source}
          settings={settings}
          round={phase.round}
          onDone={() => setPhase({ name: 'validation', round: phase.round })}
        />
      );
    case 'validation':
      return <Validation source={source} settings={settings} {...(geometry ? { geometry } : {})} onDone={onValidated} />;
    case 'result':
      return (
        <ValidationResult
          summary={phase.summary}
          canRecalibrate={phase.round < settings.maxRecalibrations}
          onRecalibrate={() => setPhase({ name: 'calibration', round: phase.round + 1 })}
          onContinue={() => finish(phase.round, phase.summary)}
          onFallbackToMouse={fallback}
        />
      );
  }
}

function ValidationResult(props: {
  summary: ValidationSummary;
  canRecalibrate: boolean;
  onRecalibrate: () => void;
  onContinue: () => void;
  onFallbackToMouse: (() => void) | undefined;
}) {
  const { summary } = props;
  const error = summary.meanErrorPx === null ? 'no gaze was measured' : `average error ${Math.round(summary.meanErrorPx)} px`;
  const deg = summary.meanErrorDeg !== null ? ` (${summary.meanErrorDeg.toFixed(1)}°)` : '';
  if (summary.passed)
    return (
      <main className="page intro-card">
        <h1>Eye tracking is ready</h1>
        <p>
          Accuracy check passed: {error}
          {deg}. Keep your head still during the study.
        </p>
        <button type="button" className="primary" onClick={props.onContinue}>
          Continue
        </button>
      </main>
    );
  return (
    <main className="page intro-card">
      <h1>Eye tracking is not accurate enough</h1>
      <p role="alert">
        Accuracy check: {error}
        {deg}; at most {summary.gatePx} px is needed.
        {props.canRecalibrate ? ' Sit still, face the camera, and calibrate again.' : ''}
      </p>
      <div className="gaze-actions">
        {props.canRecalibrate ? (
          <button type="button" className="primary" onClick={props.onRecalibrate}>
            Calibrate again
          </button>
        ) : (
          <button type="button" className="primary" onClick={props.onContinue}>
            Continue anyway
          </button>
        )}
        {props.onFallbackToMouse && (
          <button type="button" onClick={props.onFallbackToMouse}>
            Continue without eye tracking
          </button>
        )}
      </div>
    </main>
  );
}
