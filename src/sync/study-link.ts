import { RECRUITMENT_PARAMS } from '../../core/protocol/entry.ts';

// A study link on the study server: /s/<study id>?<recruitment parameters>. Pure: the page that
// opens a link (and the workspace that makes them) read and build them here.

export const STUDY_LINK_PREFIX = '/s/';

/** The study id and the parameters of a study link, or null when the path is not one. */
export function readStudyLink(pathname: string, search: string): { studyId: string; params: URLSearchParams } | null {
  const m = /^\/s\/([a-z0-9][a-z0-9-]*)\/?$/.exec(pathname);
  return m ? { studyId: m[1]!, params: new URLSearchParams(search) } : null;
}

export type LinkTemplate = 'anonymous' | 'named' | 'prolific' | 'external';

/**
 * The link a recruitment channel gets: Prolific fills in {{%PROLIFIC_PID%}} and friends, SONA puts
 * the participant's code where %SURVEY_CODE% stands, a named link carries the id you give.
 */
export function studyLink(
  origin: string,
  studyId: string,
  kind: LinkTemplate,
  options: { participant?: string; gaze?: string } = {},
): string {
  const base = `${origin}${STUDY_LINK_PREFIX}${studyId}`;
  const parts: string[] = [];
  if (kind === 'prolific') parts.push('PROLIFIC_PID={{%PROLIFIC_PID%}}', 'STUDY_ID={{%STUDY_ID%}}', 'SESSION_ID={{%SESSION_ID%}}');
  if (kind === 'external') parts.push('id=%SURVEY_CODE%');
  if (kind === 'named') parts.push(`participant=${encodeURIComponent(options.participant ?? '')}`);
  if (options.gaze) parts.push(`gaze=${encodeURIComponent(options.gaze)}`);
  return parts.length ? `${base}?${parts.join('&')}` : base;
}

/** Only the parameters that say who the participant is (the rest of a URL stays in the page). */
export function recruitmentParams(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of RECRUITMENT_PARAMS) {
    const value = params.get(name);
    if (value) out[name] = value;
  }
  return out;
}
