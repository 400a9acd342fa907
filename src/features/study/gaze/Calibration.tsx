import { useEffect, useMemo, useRef, useState } from 'react';
import type { GazeSettings } from '../../../../core/study-config/schema.ts';
import type { CalibratableGazeSource } from '../../../tracking/webgazer-source.ts';
import { abortableWait } from './collect-samples.ts';
import { calibrationTargets, samplesPerDot } from './gaze-targets.ts';

/** Calibration samples taken after one click are this far apart (WebGazer docs §10). */
const SAMPLE_GAP_MS = 60;

/**
 * Dot-by-dot calibration: the participant looks at each dot and clicks it; each click takes a few
 * samples of the eye image paired with the dot's centre.
 */
export function Calibration(props: { source: CalibratableGazeSource; settings: GazeSettings; round: number; onDone: () => void }) {
  const { source, settings, onDone } = props;
  const targets = useMemo(
    () => calibrationTargets(settings.calibrationGrid, window.innerWidth, window.innerHeight),
    [settings.calibrationGrid],
  );
  const perDot = samplesPerDot(settings.samplesPerPoint, targets.length);
  const [index, setIndex] = useState(0);
  const [busy, setBusy] = useState(false);
  const [faceLost, setFaceLost] = useState(false);
  const abort = useRef<AbortController | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    abort.current = controller;
    source.clearCalibration();
    return () => controller.abort();
  }, [source, props.round]);

  const target = targets[index];
  const onClick = async () => {
    if (!target || busy || !abort.current) return;
    const signal = abort.current.signal;
    setBusy(true);
    let taken = 0;
    try {
      for (let i = 0; i < perDot; i++) {
        if (i > 0) await abortableWait(SAMPLE_GAP_MS, signal);
        if (source.addCalibrationSample(target.x, target.y)) taken += 1;
      }
    } catch {
      return; // unmounted
    }
    setBusy(false);
    if (taken === 0) {
      setFaceLost(true);
      return;
    }
    setFaceLost(false);
    if (index + 1 >= targets.length) onDone();
    else setIndex(index + 1);
  };

  return (
    <div className="gaze-overlay" role="dialog" aria-labelledby="calibration-title">
      <div className="gaze-instructions">
        <h2 id="calibration-title">Calibration{props.round > 0 ? ` (round ${props.round + 1})` : ''}</h2>
        <p>Keep your head still. Look at the red dot and click it while looking at it.</p>
        {faceLost && (
          <p role="alert" className="face-status warn">
            We could not see your face just now. Face the camera, look at the dot and click it again.
          </p>
        )}
      </div>
      {target && (
        <button
          type="button"
          key={index}
          className="gaze-dot"
          style={{ left: target.x, top: target.y }}
          aria-label={`Calibration point ${index + 1} of ${targets.length}`}
          disabled={busy}
          onClick={() => void onClick()}
        />
      )}
    </div>
  );
}
