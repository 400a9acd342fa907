// A study link on the study server (/s/<study>?…): the same study flow as a local link, with the
// session started on the server at consent and uploaded as it is recorded. A session this browser
// already runs for the link resumes without asking the server (a reload or reopened tab while
// offline goes on, and its outbox drains when the server answers again).
import { participantFromLink } from '../../../core/protocol/entry.ts';
import type { CatalogueItem, StudyConfig } from '../../../core/study-config/schema.ts';
import { checkConsistency } from '../../../core/study-config/validate.ts';
import { loadCatalogue } from '../../../stimuli/catalogue.ts';
import { databaseExists } from '../../db/db.ts';
import { DexieOutbox, putUpload, uploadsOfStudy } from '../../db/outbox.ts';
import { getSession } from '../../db/sessions.ts';
import { StudyApi } from '../../sync/study-api.ts';
import { readStudyLink, recruitmentParams } from '../../sync/study-link.ts';
import { acquireSessionLock, sessionLockName } from '../../tracking/session-lock.ts';
import { indexedDbAvailable } from '../../tracking/storage-errors.ts';
import { environment, NO_STORAGE, resume, type Boot } from './boot.ts';
import { readSessionRecord } from '../../../core/record-schemas.ts';
import type { SessionRecord } from '../../../core/records.ts';
import { buildFlow, type Step } from './flow.ts';
import { GAZE_KINDS } from './resolve-study-link.ts';
import { startServerSession } from './server-upload.ts';
import * as actions from './session-actions.ts';
import { startSessionWriting } from './study-session.ts';

const INVALID = 'The study link is not valid';

type Catalogue = { ok: true; items: ReadonlyMap<number, CatalogueItem> } | { ok: false; boot: Boot };

async function catalogueFor(config: StudyConfig): Promise<Catalogue> {
  const items = await loadCatalogue(config.catalogue);
  if (config.catalogue.kind === 'builtin') {
    const problems = checkConsistency(config, new Set(items.keys()));
    if (problems.length) return { ok: false, boot: { kind: 'error', title: 'The study config is not valid', problems } };
  }
  return { ok: true, items };
}

/** The session this browser runs for the link's study and participant (an anonymous link: the newest unfinished one). */
async function localSession(serverStudyId: string, participantId: string | null) {
  if (!(await databaseExists())) return undefined;
  const found = [];
  for (const upload of await uploadsOfStudy(serverStudyId)) {
    if (participantId !== null && upload.participantId !== participantId) continue;
    const session = await getSession(upload.sessionId);
    if (session) found.push({ upload, session });
  }
  found.sort((a, b) => b.session.startedAt - a.session.startedAt);
  for (const { upload, session } of found) {
    if (participantId !== null) return { upload, session };
    // Anonymous: a finished session whose data the server holds is not picked up again.
    const outbox = new DexieOutbox(upload.sessionId);
    const unsent = (await outbox.counts()).pending > 0 || (await outbox.sessionUpdate()) !== null;
    if (session.status === 'active' || unsent) return { upload, session };
  }
  return undefined;
}

export async function bootFromServerLink(): Promise<Boot> {
  const link = readStudyLink(window.location.pathname, window.location.search);
  if (!link)
    return {
      kind: 'error',
      title: 'Study not found',
      problems: [],
      text: 'There is no study at this link. Please check the link you were given.',
    };
  const who = participantFromLink(link.params);
  if (!who.ok) return { kind: 'error', title: INVALID, problems: [{ path: who.problem.field, message: who.problem.problem }] };
  const gazeParam = link.params.get('gaze');
  const gazeKind = gazeParam === null ? null : GAZE_KINDS.find((k) => k === gazeParam);
  if (gazeKind === undefined)
    return {
      kind: 'error',
      title: INVALID,
      problems: [{ path: 'gaze', message: `"${gazeParam}" is not one of ${GAZE_KINDS.join(', ')}` }],
    };
  if (!indexedDbAvailable()) return NO_STORAGE;

  const local = await localSession(link.studyId, who.value.participantId);
  if (local) {
    const { session, upload } = local;
    if (!(await acquireSessionLock(sessionLockName(session.studyId, session.participantId))))
      return { kind: 'locked', participantId: session.participantId };
    const catalogue = await catalogueFor(session.config);
    if (!catalogue.ok) return catalogue.boot;
    const server = startServerSession(upload.serverStudyId, { sessionId: upload.sessionId, token: upload.token });
    return resume(session, catalogue.items, server);
  }

  const resolved = await new StudyApi().resolveLink(link.studyId, link.params);
  // A static copy of the app answers /api with its index page (or a 404): there is no server here.
  const noServer = resolved.ok
    ? !resolved.value?.outcome
    : !resolved.retry && resolved.status === 404 && resolved.error.field === 'response';
  if (noServer)
    return {
      kind: 'error',
      title: 'This study link needs the study server',
      problems: [],
      text: 'This site has no study server (a static copy of the app), so a /s/ study link cannot run here. Please use the link you were given.',
    };
  if (!resolved.ok)
    return resolved.retry
      ? {
          kind: 'error',
          title: 'The study server did not answer',
          problems: [],
          text: 'Please check your internet connection and reload this page in a moment. Nothing has been recorded.',
        }
      : { kind: 'error', title: INVALID, problems: [{ path: resolved.error.field, message: resolved.error.problem }] };
  const r = resolved.value;
  if (r.outcome === 'unavailable') return { kind: 'error', title: r.title, problems: [], text: r.message };
  const catalogue = await catalogueFor(r.config);
  if (!catalogue.ok) return catalogue.boot;
  return {
    kind: 'consent',
    config: r.config,
    items: catalogue.items,
    gaze: gazeKind ?? r.config.gaze.source,
    participant: r.participantId,
    link: { serverStudyId: link.studyId, params: link.params },
  };
}

/**
 * A session started in another browser (or before this browser's data was cleared): go on from the
 * record the server holds. A screen that was in progress there is left as it is (its chunks are on
 * the server; recording it again here would reuse their sequence numbers) and the flow moves on.
 */
function continuedElsewhere(
  fresh: SessionRecord,
  record: Record<string, unknown> | null,
  steps: Step[],
  now: number,
): SessionRecord | null {
  if (!record) return null;
  let session: SessionRecord;
  try {
    session = readSessionRecord({ ...fresh, ...record, ...pick(fresh, ['id', 'participantId', 'studyId', 'config', 'schemaVersion']) });
  } catch {
    return null;
  }
  const flags = session.flags.includes(RESUMED_FLAG) ? session.flags : [...session.flags, RESUMED_FLAG];
  session = { ...session, flags, gazeSource: fresh.gazeSource, environment: fresh.environment };
  const step = steps[session.stepIndex];
  if (step?.kind === 'screen') session = actions.advance(session, steps, now);
  return actions.revised(session, { ...session });
}

const RESUMED_FLAG = 'resumed-in-another-browser';
const pick = <T extends object, K extends keyof T>(o: T, keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, o[k]])) as Pick<T, K>;

/** The participant agreed: the server starts (or resumes) the session, then the browser stores it. */
export async function consentOnServer(state: Extract<Boot, { kind: 'consent' }>): Promise<Boot> {
  const link = state.link!;
  const api = new StudyApi();
  const now = Date.now();
  const entered = await api.enterStudy(link.serverStudyId, {
    params: recruitmentParams(link.params),
    consentedAt: now,
    appVersion: actions.APP_VERSION,
  });
  if (!entered.ok) {
    if (entered.retry)
      return {
        ...state,
        problem: 'The study server could not be reached, so the study has not started and nothing has been recorded. Please try again.',
      };
    return { kind: 'error', title: 'The study could not start', problems: [{ path: entered.error.field, message: entered.error.problem }] };
  }
  const e = entered.value;
  if (e.outcome === 'unavailable') return { kind: 'error', title: e.title, problems: [], text: e.message };
  if (!(await acquireSessionLock(sessionLockName(e.config.id, e.participantId)))) return { kind: 'locked', participantId: e.participantId };
  const persistent = (await navigator.storage?.persist?.().catch(() => null)) ?? null;
  const created = {
    ...actions.createSession({
      id: e.sessionId,
      participantId: e.participantId,
      config: e.config,
      gazeSource: state.gaze,
      firstTask: e.firstTask,
      environment: environment(persistent),
      now,
    }),
    studyVersion: e.version,
    recruitment: e.recruitment,
  };
  const steps = buildFlow(created.config, created.firstTask);
  const earlier = e.outcome === 'resumed' ? continuedElsewhere(created, e.record, steps, now) : null;
  const session = earlier ?? actions.revised(created, actions.advance(created, steps, now));
  const credentials = { sessionId: e.sessionId, token: e.token };
  await putUpload({
    sessionId: e.sessionId,
    serverStudyId: link.serverStudyId,
    participantId: e.participantId,
    token: e.token,
    // The server numbers this session's records above what it holds already.
    revisionOffset: Math.max(0, e.revision - (earlier ? earlier.revision - 1 : 0)),
  });
  const writer = startSessionWriting(session);
  writer.setSession(session);
  await writer.settled();
  const server = startServerSession(link.serverStudyId, credentials, api);
  return { kind: 'ready', config: session.config, items: state.items, session, steps, writer, server };
}
