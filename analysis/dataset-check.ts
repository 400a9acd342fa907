// Structural check of an AnalysisDataset read from JSON, naming the first problem found.
import { SCREEN_COLUMNS_VERSION } from '../core/screen-columns.ts';
import type { AnalysisDataset } from './dataset.ts';

const TASKS = new Set(['practice', 'free_browsing', 'semi_free', 'direct_search']);
const AOI_TYPES = new Set(['Movie', 'Genre', 'Forward', 'Backward', 'Background']);
const EVENT_KINDS = new Set([
  'gaze',
  'cursor',
  'click',
  'wheel',
  'scroll',
  'swipe',
  'swipe-end',
  'hover',
  'layout',
  'selection',
  'resume',
  'visibility',
]);

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Returns the value typed as a dataset, or throws an Error whose message names the bad field. */
export function checkDataset(value: unknown, where = 'dataset'): AnalysisDataset {
  if (!isObj(value)) throw new Error(`${where}: expected an object with a "sessions" array`);
  if (!Array.isArray(value.sessions)) throw new Error(`${where}.sessions: expected an array`);
  value.sessions.forEach((s: unknown, i) => {
    const at = `${where}.sessions[${i}]`;
    if (!isObj(s)) throw new Error(`${at}: expected an object`);
    for (const k of ['id', 'participantId', 'studyId', 'gazeSource', 'origin'] as const)
      if (typeof s[k] !== 'string') throw new Error(`${at}.${k}: expected a string`);
    if (
      !isObj(s.layout) ||
      typeof s.layout.itemsPerRow !== 'number' ||
      typeof s.layout.visibleCount !== 'number' ||
      typeof s.layout.pageStep !== 'number'
    )
      throw new Error(`${at}.layout: expected { itemsPerRow, visibleCount, pageStep } numbers`);
    if (!Array.isArray(s.screens)) throw new Error(`${at}.screens: expected an array`);
    s.screens.forEach((sc: unknown, j) => {
      const sat = `${at}.screens[${j}]`;
      if (!isObj(sc)) throw new Error(`${sat}: expected an object`);
      if (typeof sc.taskId !== 'number' || !Number.isInteger(sc.taskId)) throw new Error(`${sat}.taskId: expected an integer`);
      if (typeof sc.task !== 'string' || !TASKS.has(sc.task))
        throw new Error(`${sat}.task: expected one of ${[...TASKS].join(', ')}, got ${JSON.stringify(sc.task)}`);
      if (sc.events !== undefined) {
        if (!Array.isArray(sc.events)) throw new Error(`${sat}.events: expected an array`);
        for (let k = 0; k < sc.events.length; k++) {
          const e: unknown = sc.events[k];
          if (!isObj(e) || typeof e.kind !== 'string' || !EVENT_KINDS.has(e.kind) || typeof e.t !== 'number')
            throw new Error(`${sat}.events[${k}]: expected { kind: ${[...EVENT_KINDS].join('|')}, t: number }`);
        }
      }
      if (sc.fixations !== undefined) {
        if (!Array.isArray(sc.fixations)) throw new Error(`${sat}.fixations: expected an array`);
        sc.fixations.forEach((f: unknown, k) => {
          if (!isObj(f) || typeof f.t !== 'number' || typeof f.durationMs !== 'number')
            throw new Error(`${sat}.fixations[${k}]: expected { t, durationMs } numbers`);
          for (const key of ['aoi', 'aoiClosest'] as const) {
            const a = f[key];
            if (!isObj(a) || typeof a.type !== 'string' || !AOI_TYPES.has(a.type))
              throw new Error(`${sat}.fixations[${k}].${key}.type: expected one of ${[...AOI_TYPES].join(', ')}`);
          }
        });
      }
      if (sc.columns !== undefined) {
        const c = sc.columns;
        if (!isObj(c) || c.version !== SCREEN_COLUMNS_VERSION)
          throw new Error(`${sat}.columns: expected columns of version ${SCREEN_COLUMNS_VERSION}`);
        if (
          !isObj(c.gaze) ||
          !(c.gaze.t instanceof Float64Array) ||
          !(c.gaze.x instanceof Float32Array) ||
          !(c.gaze.y instanceof Float32Array)
        )
          throw new Error(`${sat}.columns.gaze: expected t (Float64Array), x and y (Float32Array)`);
        if (c.gaze.x.length !== c.gaze.t.length || c.gaze.y.length !== c.gaze.t.length)
          throw new Error(`${sat}.columns.gaze: t, x and y have different lengths`);
      }
      if (sc.events === undefined && sc.fixations === undefined && sc.columns === undefined)
        throw new Error(`${sat}: has neither events, columns nor fixations`);
    });
  });
  return value as unknown as AnalysisDataset;
}
