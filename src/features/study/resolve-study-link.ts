// What a participant link means, decided without any I/O: which study (a preset, a study saved in
// the studio, or a config URL on this site), which participant, which gaze source, which trace.
import type { GazeSourceKind } from '../../../core/events.ts';
import { parseRoute } from '../../../core/routes.ts';
import type { ConfigProblem } from '../../../core/study-config/validate.ts';
import { DEFAULT_PRESET_ID, PRESETS } from '../../../stimuli/presets.ts';

export const GAZE_KINDS: readonly GazeSourceKind[] = ['webgazer', 'worker', 'mouse', 'replay', 'simulated'];
export const PARTICIPANT_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** Longer study references are not links anyone typed. */
export const MAX_STUDY_REF = 2000;

export type StudyRef = { kind: 'preset'; id: string } | { kind: 'saved'; id: string } | { kind: 'url'; url: string };

export interface StudyLink {
  study: StudyRef;
  participant: string | null;
  gaze: GazeSourceKind | null;
  /** Replay trace: path and query on this site. */
  trace: string | null;
}

export type LinkResult = { ok: true; link: StudyLink } | { ok: false; title: string; problems: ConfigProblem[] };

const INVALID = 'The study link is not valid';

function looksLikeUrl(ref: string): boolean {
  return /^(https?:)?\/\//.test(ref) || ref.startsWith('/') || ref.startsWith('./') || ref.endsWith('.json');
}

function parseUrl(text: string, base: string): URL | null {
  try {
    return new URL(text, base);
  } catch {
    return null;
  }
}

const quoted = (text: string) => `"${text.length > 80 ? `${text.slice(0, 80)}…` : text}"`;

export function resolveStudyLink(url: URL): LinkResult {
  const route = parseRoute(url);
  if (route.page !== 'study')
    return { ok: false, title: INVALID, problems: [{ path: '(address)', message: `${url.pathname} is not the study page` }] };
  const { params } = route;
  const problems: ConfigProblem[] = [];

  let study: StudyRef = { kind: 'preset', id: DEFAULT_PRESET_ID };
  const ref = params.study;
  if (ref !== null) {
    if (ref.length > MAX_STUDY_REF)
      problems.push({ path: 'study', message: `is ${ref.length} characters long; at most ${MAX_STUDY_REF} are allowed` });
    else if (Object.hasOwn(PRESETS, ref)) study = { kind: 'preset', id: ref };
    else if (looksLikeUrl(ref)) {
      const target = parseUrl(ref, url.href);
      if (!target) problems.push({ path: 'study', message: `${quoted(ref)} is not a valid web address` });
      else if (target.origin !== url.origin)
        problems.push({ path: 'study', message: `${target.origin} is another site; host the config JSON next to the app` });
      else study = { kind: 'url', url: target.pathname + target.search };
    } else study = { kind: 'saved', id: ref };
  }

  let gaze: GazeSourceKind | null = null;
  if (params.gaze !== null) {
    const kind = GAZE_KINDS.find((k) => k === params.gaze);
    if (kind) gaze = kind;
    else problems.push({ path: 'gaze', message: `${quoted(params.gaze)} is not one of ${GAZE_KINDS.join(', ')}` });
  }

  const participant = params.participant;
  if (participant !== null && !PARTICIPANT_RE.test(participant))
    problems.push({ path: 'participant', message: `${quoted(participant)} must be 1–64 letters, digits, _ . or -` });

  let trace: string | null = null;
  if (params.trace !== null) {
    const target = parseUrl(params.trace, url.href);
    if (!target) problems.push({ path: 'trace', message: `${quoted(params.trace)} is not a valid web address` });
    else if (target.origin !== url.origin)
      problems.push({ path: 'trace', message: `${target.origin} is another site; the replay trace must be on this site` });
    else trace = target.pathname + target.search;
  }
  if (problems.length) return { ok: false, title: INVALID, problems };
  return { ok: true, link: { study, participant, gaze, trace } };
}
