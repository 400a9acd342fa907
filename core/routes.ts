// Every URL of the app, parsed and built in one place: the participant study (`/`), a study link
// on the study server (`/s/<study>`), the studio or workspace (`/studio…`, `/invite`) and the
// analysis view. The workspace's own sub-pages are read by features/workspace. Plain strings in,
// plain strings out: what a parameter means is decided by the page that reads it (the study link
// by features/study/resolve-study-link.ts).

export const STUDIO_PATH = '/studio';
export const ANALYSIS_PATH = '/analysis';
export const INVITE_PATH = '/invite';
const STUDY_LINK_RE = /^\/s\/([a-z0-9][a-z0-9-]*)$/;

/** The study link's parameters as written in the URL (trimmed; absent or empty is null). */
export interface StudyLinkParams {
  study: string | null;
  participant: string | null;
  gaze: string | null;
  trace: string | null;
}

export type Route =
  | { page: 'study'; params: StudyLinkParams }
  | { page: 'studio' }
  | { page: 'study-link'; studyId: string }
  | { page: 'analysis'; session: string | null }
  | { page: 'not-found'; path: string };

type UrlLike = Pick<URL, 'pathname' | 'search'>;

const param = (search: URLSearchParams, name: string): string | null => {
  const value = search.get(name)?.trim();
  return value ? value : null;
};

export function parseRoute(url: UrlLike): Route {
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const search = new URLSearchParams(url.search);
  if (path === '/' || path === '/index.html') {
    return {
      page: 'study',
      params: {
        study: param(search, 'study'),
        participant: param(search, 'participant'),
        gaze: param(search, 'gaze'),
        trace: param(search, 'trace'),
      },
    };
  }
  if (path === STUDIO_PATH || path.startsWith(`${STUDIO_PATH}/`) || path === INVITE_PATH) return { page: 'studio' };
  const link = STUDY_LINK_RE.exec(path);
  if (link) return { page: 'study-link', studyId: link[1]! };
  if (path === ANALYSIS_PATH) return { page: 'analysis', session: param(search, 'session') };
  return { page: 'not-found', path: url.pathname };
}

/** `/?study=…&participant=…&gaze=…&trace=…`, absolute when `origin` is given. */
export function studyUrl(params: Partial<Record<keyof StudyLinkParams, string | null | undefined>>, origin = ''): string {
  const search = new URLSearchParams();
  for (const key of ['study', 'participant', 'gaze', 'trace'] as const) {
    const value = params[key]?.trim();
    if (value) search.set(key, value);
  }
  const query = search.toString();
  return `${origin}/${query ? `?${query}` : ''}`;
}

/** The same study link with the participant id the app assigned. */
export function withParticipant(url: UrlLike, participant: string): string {
  const search = new URLSearchParams(url.search);
  search.set('participant', participant);
  return `${url.pathname}?${search.toString()}`;
}

export function analysisUrl(session?: string | null): string {
  return session ? `${ANALYSIS_PATH}?${new URLSearchParams({ session }).toString()}` : ANALYSIS_PATH;
}
