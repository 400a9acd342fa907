import { useEffect, useRef, useState } from 'react';
import type { GazeSourceKind } from '../../../../core/events.ts';
import { validationPoint } from '../../../../analysis/validation-metrics.ts';
import type { GazeSettings } from '../../../../core/study-config/schema.ts';
import { isWebcamGaze, type GazeSource } from '../../../tracking/gaze-source.ts';
import { isCalibratable } from '../../../tracking/webgazer-source.ts';
import { Calibration } from './Calibration.tsx';
import { collectSamples } from './collect-samples.ts';
import { COLLECT_MS, SETTLE_MS } from './Validation.tsx';
import './gaze.css';

export interface DriftCheckResult {
  kind: 'drift';
  source: GazeSourceKind;
  at: number;
  passed: boolean;
  /** Non-webgazer sources skip the check. */
  skipped?: boolean;
  /** Mean distance of the samples from the centre dot; null when no gaze was measured. */
  offsetPx: number | null;
  thresholdPx: number;
  samples: number;
  lost: number;
  recalibrated: boolean;
}

/** One centre dot; if gaze has drifted beyond the threshold, recalibrate. */
export function DriftCheck(props: { source: GazeSource; settings: GazeSettings; onDone: (result: DriftCheckResult) => void }) {
  const { source, settings } = props;
  const latestOnDone = useRef(props.onDone);
  useEffect(() => {
    latestOnDone.current = props.onDone;
  });
  // Report once: StrictMode runs the effect twice, and a second report would skip a study step.
  const reported = useRef(false);
  const onDone = useRef((result: DriftCheckResult) => {
    if (reported.current) return;
    reported.current = true;
    latestOnDone.current(result);
  });
  const [failed, setFailed] = useState<Omit<DriftCheckResult, 'recalibrated'> | null>(null);
  const tracked = isWebcamGaze(source.kind) && isCalibratable(source);

  useEffect(() => {
    const base = { kind: 'drift' as const, source: source.kind, thresholdPx: settings.driftThresholdPx };
    if (!tracked) {
      onDone.current({ ...base, at: Date.now(), passed: true, skipped: true, offsetPx: null, samples: 0, lost: 0, recalibrated: false });
      return;
    }
    const controller = new AbortController();
    const centre = { x: window.innerWidth / 2, y: window.innerHeight / 2 };
    void collectSamples(source, SETTLE_MS, COLLECT_MS, controller.signal)
      .then((samples) => {
        const p = validationPoint(centre, samples, settings.driftThresholdPx);
        const result = {
          ...base,
          at: Date.now(),
          passed: p.meanOffsetPx !== null && p.meanOffsetPx <= settings.driftThresholdPx,
          offsetPx: p.meanOffsetPx,
          samples: p.samples,
          lost: p.lost,
        };
        if (result.passed) onDone.current({ ...result, recalibrated: false });
        else setFailed(result);
      })
      .catch(() => undefined);
    return () => controller.abort();
  }, [source, tracked, settings.driftThresholdPx]);

  if (failed && isCalibratable(source))
    return (
      <Calibration
        source={source}
        settings={settings}
        round={1}
        onDone={() => {
          source.stopTrainingOnInteraction();
          onDone.current({ ...failed, recalibrated: true });
        }}
      />
    );
  if (!tracked) return null;
  return (
    <div className="gaze-overlay" role="dialog" aria-labelledby="drift-title">
      <div className="gaze-instructions">
        <h2 id="drift-title">Quick check</h2>
        <p>Look at the dot in the middle until it disappears.</p>
      </div>
      <div className="gaze-dot static" style={{ left: '50%', top: '50%' }} aria-hidden="true" />
    </div>
  );
}
