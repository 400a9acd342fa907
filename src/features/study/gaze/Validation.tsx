import { useEffect, useMemo, useRef, useState } from 'react';
import { summariseValidation, type ScreenGeometry, type ValidationSummary } from '../../../../analysis/validation-metrics.ts';
import type { GazeSettings } from '../../../../core/study-config/schema.ts';
import type { GazeSource } from '../../../tracking/gaze-source.ts';
import { collectSamples } from './collect-samples.ts';
import { calibrationTargets, validationTargets } from './gaze-targets.ts';

export const SETTLE_MS = 1000;
export const COLLECT_MS = 1500;

/** Shows each validation dot, waits for the eyes to settle, records gaze, then summarises accuracy. */
export function Validation(props: {
  source: GazeSource;
  settings: GazeSettings;
  geometry?: ScreenGeometry;
  onDone: (summary: ValidationSummary) => void;
}) {
  const { source, settings, geometry, onDone } = props;
  const targets = useMemo(() => {
    const w = window.innerWidth;
    const h = window.innerHeight;
    return validationTargets(settings.validationPoints, calibrationTargets(settings.calibrationGrid, w, h), w, h);
  }, [settings.validationPoints, settings.calibrationGrid]);
  const [index, setIndex] = useState(0);
  // The run starts once per mount; later prop identities must not restart it.
  const latest = useRef({ onDone, geometry, settings });
  useEffect(() => {
    latest.current = { onDone, geometry, settings };
  });

  useEffect(() => {
    const controller = new AbortController();
    void (async () => {
      const inputs = [];
      for (let i = 0; i < targets.length; i++) {
        setIndex(i);
        const target = targets[i]!;
        const samples = await collectSamples(source, SETTLE_MS, COLLECT_MS, controller.signal);
        inputs.push({ target, samples: samples.map((s) => ({ x: s.x, y: s.y })) });
      }
      const { onDone: done, geometry: geo, settings: s } = latest.current;
      done(summariseValidation(inputs, { radiusPx: s.validationRadiusPx, gatePx: s.validationGatePx, ...(geo ? { geometry: geo } : {}) }));
    })().catch(() => undefined);
    return () => controller.abort();
  }, [targets, source]);

  const target = targets[index];
  return (
    <div className="gaze-overlay" role="dialog" aria-labelledby="validation-title">
      <div className="gaze-instructions">
        <h2 id="validation-title">Checking accuracy</h2>
        <p>Look at the dot until it moves. No need to click.</p>
        <p aria-live="polite">
          Validation point {index + 1} of {targets.length}
        </p>
      </div>
      {target && <div className="gaze-dot static" key={index} style={{ left: target.x, top: target.y }} aria-hidden="true" />}
    </div>
  );
}
