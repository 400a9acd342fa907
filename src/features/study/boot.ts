// Starting a participant's session in the browser: reading the link, resuming a stored session,
// creating one at consent. A study link on the study server adds its steps in server-boot.ts.
import type { GazeSourceKind } from '../../../core/events.ts';
import type { EnvironmentInfo, SessionRecord } from '../../../core/records.ts';
import { withParticipant } from '../../../core/routes.ts';
import { firstTaskFor, sequentialParticipantId } from '../../../core/study-config/counterbalance.ts';
import type { CatalogueItem, StudyConfig } from '../../../core/study-config/schema.ts';
import { checkConsistency } from '../../../core/study-config/validate.ts';
import { loadCatalogue } from '../../../stimuli/catalogue.ts';
import { databaseExists } from '../../db/db.ts';
import { findSession, nextCounter } from '../../db/sessions.ts';
import { acquireSessionLock, sessionLockName } from '../../tracking/session-lock.ts';
import type { SessionWriter } from '../../tracking/session-writer.ts';
import { indexedDbAvailable, storageProblem } from '../../tracking/storage-errors.ts';
import { buildFlow, type Step } from './flow.ts';
import { loadStudy } from './load-study.ts';
import { resolveStudyLink } from './resolve-study-link.ts';
import type { ServerSession } from './server-upload.ts';
import * as actions from './session-actions.ts';
import { resumeSessionWriting, startSessionWriting } from './study-session.ts';

export type Boot =
  | { kind: 'loading' }
  | { kind: 'error'; title: string; problems: { path: string; message: string }[]; text?: string }
  | { kind: 'locked'; participantId: string }
  | {
      kind: 'consent';
      config: StudyConfig;
      items: ReadonlyMap<number, CatalogueItem>;
      gaze: GazeSourceKind;
      participant: string | null;
      /** A study link on the study server: consent starts the session there. */
      link?: { serverStudyId: string; params: URLSearchParams };
      /** Why the last attempt to agree did not start the study (the server could not be reached). */
      problem?: string;
    }
  | {
      kind: 'ready';
      config: StudyConfig;
      items: ReadonlyMap<number, CatalogueItem>;
      session: SessionRecord;
      steps: Step[];
      writer: SessionWriter;
      /** The session runs on the study server: its uploader and credentials. */
      server?: ServerSession;
    };

export function environment(persistent: boolean | null): EnvironmentInfo {
  return {
    userAgent: navigator.userAgent,
    language: navigator.language,
    screen: { w: window.screen.width, h: window.screen.height },
    viewport: { w: window.innerWidth, h: window.innerHeight },
    dpr: window.devicePixelRatio,
    persistentStorage: persistent,
  };
}

export const NO_STORAGE: Boot = {
  kind: 'error',
  title: 'This browser cannot store the study’s data',
  problems: [],
  text: 'The study saves your answers and recordings in this browser, but this browser does not allow it (a private window, or site data switched off in its settings). Please open the link in a normal window of Chrome, Edge or Firefox, or ask the researcher.',
};

/**
 * Reads the link and resumes a session the participant already started; a new participant gets
 * the consent page, and nothing is stored until they agree.
 */
export async function boot(): Promise<Boot> {
  const resolved = resolveStudyLink(new URL(window.location.href));
  if (!resolved.ok) return { kind: 'error', title: resolved.title, problems: resolved.problems };
  const { link } = resolved;
  if (!indexedDbAvailable()) return NO_STORAGE;
  const load = await loadStudy(link.study);
  if (!load.ok) return { kind: 'error', title: load.title, problems: load.problems };
  let config = load.config;
  const items = await loadCatalogue(config.catalogue);
  if (config.catalogue.kind === 'builtin') {
    const problems = checkConsistency(config, new Set(items.keys()));
    if (problems.length) return { kind: 'error', title: 'The study config is not valid', problems };
  }
  if (link.trace) config = { ...config, gaze: { ...config.gaze, replayUrl: link.trace } };
  const gaze = link.gaze ?? config.gaze.source;
  if (gaze === 'replay' && !config.gaze.replayUrl) {
    return {
      kind: 'error',
      title: 'The study link is not valid',
      problems: [{ path: 'trace', message: 'gaze=replay needs a trace: add &trace=<address of a t,x,y CSV on this site>' }],
    };
  }
  if (link.participant) {
    if (!(await acquireSessionLock(sessionLockName(config.id, link.participant))))
      return { kind: 'locked', participantId: link.participant };
    const stored = (await databaseExists()) ? await findSession(config.id, link.participant) : undefined;
    if (stored) return resume(stored, items);
  }
  return { kind: 'consent', config, items, gaze, participant: link.participant };
}

/** Continues a stored session (a reload, a killed tab, Back): the screen in progress counts a resume. */
export async function resume(stored: SessionRecord, items: ReadonlyMap<number, CatalogueItem>, server?: ServerSession): Promise<Boot> {
  const { writer, session: newest } = await resumeSessionWriting(stored);
  let session = newest;
  const steps = buildFlow(session.config, session.firstTask);
  const step = steps[session.stepIndex];
  if (step?.kind === 'screen' && session.screens[step.taskId] && !session.screens[step.taskId]!.endedAt) {
    session = actions.revised(session, actions.withScreenStarted(session, step.taskId, Date.now()));
  }
  if (session !== stored) writer.setSession(session);
  return { kind: 'ready', config: session.config, items, session, steps, writer, ...(server ? { server } : {}) };
}

/** The participant agreed: only now is an id assigned (if the link had none) and the session stored. */
export async function consent(state: Extract<Boot, { kind: 'consent' }>): Promise<Boot> {
  const { config, items } = state;
  let participantId = state.participant;
  if (!participantId) {
    participantId = sequentialParticipantId(config.site, await nextCounter(`participant:${config.id}`));
    if (!(await acquireSessionLock(sessionLockName(config.id, participantId)))) return { kind: 'locked', participantId };
    window.history.replaceState(null, '', withParticipant(window.location, participantId));
  }
  const persistent = (await navigator.storage?.persist?.().catch(() => null)) ?? null;
  const now = Date.now();
  const created = actions.createSession({
    id: crypto.randomUUID(),
    participantId,
    config,
    gazeSource: state.gaze,
    firstTask: firstTaskFor(participantId, config.blockOrder),
    environment: environment(persistent),
    now,
  });
  const steps = buildFlow(created.config, created.firstTask);
  const session = actions.revised(created, actions.advance(created, steps, now));
  const writer = startSessionWriting(session);
  writer.setSession(session);
  return { kind: 'ready', config: session.config, items, session, steps, writer };
}

export function failure(title: string, err: unknown): Boot {
  const problem = storageProblem(err);
  if (problem === 'unavailable') return NO_STORAGE;
  const text =
    problem === 'full'
      ? 'This browser’s storage is full, so the study cannot save anything right now. Please free some disk space (or ask the researcher), then reload this page.'
      : `Something went wrong: ${err instanceof Error ? err.message : String(err)}. Please reload the page; if it happens again, tell the researcher.`;
  return { kind: 'error', title, problems: [], text };
}
