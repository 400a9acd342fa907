// Filter and heatmap-option state of the analysis view as named pure transitions (old state →
// new state), and their translation into the analysis library's AnalysisFilter / HeatmapOptions.
import type { HeatmapMode, HeatmapOptions } from '../../../analysis/heatmap.ts';
import type { AnalysisFilter } from '../../../analysis/pipeline.ts';
import type { GazeSourceKind, TaskType } from '../../../core/events.ts';
import { ANALYSIS_PATH, parseRoute } from '../../../core/routes.ts';

export type GazeSourceOption = GazeSourceKind | 'lab-tracker';

/** Empty lists mean "all"; maxLostPct null means no quality threshold. */
export interface FilterState {
  tasks: TaskType[];
  participants: string[];
  taskIds: number[];
  gazeSources: GazeSourceOption[];
  maxLostPct: number | null;
}

export const EMPTY_FILTER: FilterState = { tasks: [], participants: [], taskIds: [], gazeSources: [], maxLostPct: null };

export type FilterAction =
  | { type: 'toggleTask'; task: TaskType }
  | { type: 'setParticipants'; participants: string[] }
  | { type: 'setTaskIds'; taskIds: number[] }
  | { type: 'setGazeSources'; gazeSources: GazeSourceOption[] }
  | { type: 'setMaxLostPct'; value: number | null }
  | { type: 'reset' };

function toggled<T>(list: readonly T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

export function filterReducer(state: FilterState, action: FilterAction): FilterState {
  switch (action.type) {
    case 'toggleTask':
      return { ...state, tasks: toggled(state.tasks, action.task) };
    case 'setParticipants':
      return { ...state, participants: [...new Set(action.participants)] };
    case 'setTaskIds':
      return { ...state, taskIds: [...new Set(action.taskIds)].sort((a, b) => a - b) };
    case 'setGazeSources':
      return { ...state, gazeSources: [...new Set(action.gazeSources)] };
    case 'setMaxLostPct': {
      const v = action.value;
      if (v !== null && !(Number.isFinite(v) && v >= 0 && v <= 100))
        throw new Error(`quality threshold must be a % between 0 and 100, got ${v}`);
      return { ...state, maxLostPct: v };
    }
    case 'reset':
      return EMPTY_FILTER;
  }
}

/** The library filter: only the constraints that are set. */
export function toAnalysisFilter(state: FilterState): AnalysisFilter {
  const f: AnalysisFilter = {};
  if (state.tasks.length) f.tasks = [...state.tasks];
  if (state.participants.length) f.participants = [...state.participants];
  if (state.taskIds.length) f.taskIds = [...state.taskIds];
  if (state.gazeSources.length) f.gazeSources = [...state.gazeSources];
  if (state.maxLostPct !== null) f.maxLostPct = state.maxLostPct;
  return f;
}

export type SigmaUnit = 'px' | 'deg';
export type CompareBy = 'none' | 'task' | 'gazeSource';

export interface HeatmapViewState {
  mode: HeatmapMode;
  sigmaUnit: SigmaUnit;
  /** σ in the chosen unit (canvas px at the 1920-px reference width, or degrees of visual angle). */
  sigma: number;
  compare: CompareBy;
}

export const DEFAULT_HEATMAP_VIEW: HeatmapViewState = { mode: 'absolute', sigmaUnit: 'deg', sigma: 1.5, compare: 'none' };

/** Switching units converts the value so the blur stays the same. */
export function setSigmaUnit(state: HeatmapViewState, unit: SigmaUnit, pxPerDeg: number): HeatmapViewState {
  if (unit === state.sigmaUnit) return state;
  const sigma = unit === 'px' ? Math.round(state.sigma * pxPerDeg) : Math.round((state.sigma / pxPerDeg) * 100) / 100;
  return { ...state, sigmaUnit: unit, sigma };
}

export function heatmapOptionsOf(state: HeatmapViewState): HeatmapOptions {
  if (!(Number.isFinite(state.sigma) && state.sigma > 0))
    throw new Error(`σ must be a number above 0 ${state.sigmaUnit}, got ${state.sigma}`);
  return state.sigmaUnit === 'px' ? { mode: state.mode, sigmaPx: state.sigma } : { mode: state.mode, sigmaDeg: state.sigma };
}

/** `/analysis?session=<id>` preselects one recorded session. */
export function preselectedSession(search: string): string | null {
  const route = parseRoute({ pathname: ANALYSIS_PATH, search });
  return route.page === 'analysis' ? route.session : null;
}
