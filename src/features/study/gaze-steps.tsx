// Adapters between the study flow and the gaze sources / setup screens in src/tracking and ./gaze.
import type { AoiKind, GazeSourceKind } from '../../../core/events.ts';
import type { StudyConfig } from '../../../core/study-config/schema.ts';
import { createGazeSource } from '../../tracking/create-gaze-source.ts';
import type { GazeSource } from '../../tracking/gaze-source.ts';
import type { GazeTarget } from '../../tracking/simulated-source.ts';
import { DriftCheck, type DriftCheckResult } from './gaze/DriftCheck.tsx';
import { GazeSetup, type GazeSetupResult } from './gaze/GazeSetup.tsx';
import type { ScreenSize } from './gaze/screen-size.ts';

/** The carousel's AOIs in viewport px, for the simulated viewer (empty between screens). */
function visibleTargets(): GazeTarget[] {
  const out: GazeTarget[] = [];
  for (const el of document.querySelectorAll<HTMLElement>('[data-aoi]')) {
    const r = el.getBoundingClientRect();
    if (r.bottom < 0 || r.top > window.innerHeight) continue;
    const t: GazeTarget = { x: r.left, y: r.top, w: r.width, h: r.height, kind: el.dataset.aoi as AoiKind, row: Number(el.dataset.row) };
    if (el.dataset.column) t.column = Number(el.dataset.column);
    out.push(t);
  }
  return out;
}

export function createStudyGazeSource(kind: GazeSourceKind, config: StudyConfig): GazeSource {
  return createGazeSource(kind, config.gaze, { getTargets: visibleTargets });
}

export function GazeSetupStep(props: {
  source: GazeSource;
  config: StudyConfig;
  resumed: boolean;
  /** The session's stored measurement, for a resumed setup's form. */
  measured?: ScreenSize | undefined;
  onComplete: (result: GazeSetupResult, fallback: boolean) => void;
}) {
  const { config, onComplete } = props;
  return (
    <GazeSetup
      key={props.source.kind}
      source={props.source}
      settings={config.gaze}
      measured={props.measured}
      onComplete={(result) => onComplete(props.resumed ? ({ ...result, resumed: true } as GazeSetupResult) : result, false)}
      {...(config.gaze.allowMouseFallback
        ? {
            onFallbackToMouse: () =>
              onComplete({ kind: 'calibration', source: 'mouse', at: Date.now(), recalibrations: 0, fallback: true }, true),
          }
        : {})}
    />
  );
}

export function DriftCheckStep(props: { source: GazeSource; config: StudyConfig; onDone: (result: DriftCheckResult) => void }) {
  return <DriftCheck source={props.source} settings={props.config.gaze} onDone={props.onDone} />;
}
