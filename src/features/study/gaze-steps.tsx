// Adapters between the study flow and the gaze sources / setup screens in src/tracking and ./gaze.
import { useEffect, useState } from 'react';
import type { GazeSourceKind } from '../../../analysis/types.ts';
import type { StudyConfig } from '../../lib/study-config/schema.ts';
import type { GazeSource } from '../../tracking/gaze-source.ts';
import { MouseGazeSource } from '../../tracking/mouse-source.ts';

export function createStudyGazeSource(kind: GazeSourceKind, config: StudyConfig): GazeSource {
  void config;
  void kind;
  return new MouseGazeSource();
}

export function GazeSetupStep(props: { source: GazeSource; config: StudyConfig; resumed: boolean; onComplete: (result: unknown, fallback: boolean) => void }) {
  const [started, setStarted] = useState(false);
  useEffect(() => {
    void props.source.start().then(() => setStarted(true));
  }, [props.source]);
  return (
    <main className="page intro-card">
      <h1>{props.resumed ? 'Welcome back' : 'Ready'}</h1>
      <p>Gaze is taken from the mouse pointer in this session.</p>
      <button type="button" className="primary" disabled={!started} onClick={() => props.onComplete({ kind: 'calibration', source: props.source.kind, at: Date.now(), recalibrations: 0 }, false)}>
        Continue
      </button>
    </main>
  );
}

export function DriftCheckStep(props: { source: GazeSource; config: StudyConfig; onDone: (result: unknown) => void }) {
  const { onDone, source } = props;
  useEffect(() => {
    onDone({ kind: 'drift', source: source.kind, at: Date.now(), passed: true, skipped: true });
  }, [onDone, source]);
  return null;
}
