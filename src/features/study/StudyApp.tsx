import { useCallback, useEffect, useRef, useState } from 'react';
import type { GazeSourceKind } from '../../../core/events.ts';
import type { Answers, EnvironmentInfo, SessionRecord } from '../../../core/records.ts';
import { withParticipant } from '../../../core/routes.ts';
import { firstTaskFor, sequentialParticipantId } from '../../../core/study-config/counterbalance.ts';
import type { CatalogueItem, StudyConfig } from '../../../core/study-config/schema.ts';
import { checkConsistency } from '../../../core/study-config/validate.ts';
import { loadCatalogue } from '../../../stimuli/catalogue.ts';
import { SurveyForm } from '../../components/survey/SurveyForm.tsx';
import { databaseExists } from '../../db/db.ts';
import { findSession, nextCounter } from '../../db/sessions.ts';
import type { GazeSource } from '../../tracking/gaze-source.ts';
import { acquireSessionLock, sessionLockName } from '../../tracking/session-lock.ts';
import type { SessionWriter } from '../../tracking/session-writer.ts';
import { indexedDbAvailable, storageProblem } from '../../tracking/storage-errors.ts';
import { buildFlow, type Step } from './flow.ts';
import { createStudyGazeSource, GazeSetupStep, DriftCheckStep } from './gaze-steps.tsx';
import { loadStudy } from './load-study.ts';
import { BlockIntroPage, ConsentPage, ErrorPage, SpeedReminderPage } from './pages.tsx';
import { CompletePage } from './CompletePage.tsx';
import { postSurvey, preSurvey } from './questionnaires/definitions.ts';
import { SelectionQuestionsPage } from './SelectionQuestionsPage.tsx';
import { ScreenRunner } from './ScreenRunner.tsx';
import { resolveStudyLink } from './resolve-study-link.ts';
import * as actions from './session-actions.ts';
import { StorageBanner } from './StorageBanner.tsx';
import { resumeSessionWriting, startSessionWriting } from './study-session.ts';
import './study.css';

type Boot =
  | { kind: 'loading' }
  | { kind: 'error'; title: string; problems: { path: string; message: string }[]; text?: string }
  | { kind: 'locked'; participantId: string }
  | { kind: 'consent'; config: StudyConfig; items: ReadonlyMap<number, CatalogueItem>; gaze: GazeSourceKind; participant: string | null }
  | {
      kind: 'ready';
      config: StudyConfig;
      items: ReadonlyMap<number, CatalogueItem>;
      session: SessionRecord;
      steps: Step[];
      writer: SessionWriter;
    };

function environment(persistent: boolean | null): EnvironmentInfo {
  return {
    userAgent: navigator.userAgent,
    language: navigator.language,
    screen: { w: window.screen.width, h: window.screen.height },
    viewport: { w: window.innerWidth, h: window.innerHeight },
    dpr: window.devicePixelRatio,
    persistentStorage: persistent,
  };
}

const NO_STORAGE: Boot = {
  kind: 'error',
  title: 'This browser cannot store the study’s data',
  problems: [],
  text: 'The study saves your answers and recordings in this browser, but this browser does not allow it (a private window, or site data switched off in its settings). Please open the link in a normal window of Chrome, Edge or Firefox, or ask the researcher.',
};

/**
 * Reads the link and resumes a session the participant already started; a new participant gets
 * the consent page, and nothing is stored until they agree.
 */
async function boot(): Promise<Boot> {
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
async function resume(stored: SessionRecord, items: ReadonlyMap<number, CatalogueItem>): Promise<Boot> {
  const { writer, session: newest } = await resumeSessionWriting(stored);
  let session = newest;
  const steps = buildFlow(session.config, session.firstTask);
  const step = steps[session.stepIndex];
  if (step?.kind === 'screen' && session.screens[step.taskId] && !session.screens[step.taskId]!.endedAt) {
    session = actions.revised(session, actions.withScreenStarted(session, step.taskId, Date.now()));
  }
  if (session !== stored) writer.setSession(session);
  return { kind: 'ready', config: session.config, items, session, steps, writer };
}

/** The participant agreed: only now is an id assigned (if the link had none) and the session stored. */
async function consent(state: Extract<Boot, { kind: 'consent' }>): Promise<Boot> {
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

function failure(title: string, err: unknown): Boot {
  const problem = storageProblem(err);
  if (problem === 'unavailable') return NO_STORAGE;
  const text =
    problem === 'full'
      ? 'This browser’s storage is full, so the study cannot save anything right now. Please free some disk space (or ask the researcher), then reload this page.'
      : `Something went wrong: ${err instanceof Error ? err.message : String(err)}. Please reload the page; if it happens again, tell the researcher.`;
  return { kind: 'error', title, problems: [], text };
}

// One boot per page load: React StrictMode mounts twice in development, and a second boot would
// find the first one's tab lock and report "already open in another tab".
let booting: Promise<Boot> | null = null;

export function StudyApp() {
  const [state, setState] = useState<Boot>({ kind: 'loading' });
  useEffect(() => {
    let live = true;
    (booting ??= boot())
      .then((b) => live && setState(b))
      .catch((err: unknown) => live && setState(failure('The study could not start', err)));
    return () => {
      live = false;
    };
  }, []);
  const [agreeing, setAgreeing] = useState(false);

  if (state.kind === 'loading') return <p className="loading">Loading the study…</p>;
  if (state.kind === 'error')
    return (
      <ErrorPage title={state.title} problems={state.problems}>
        {state.text && <p>{state.text}</p>}
      </ErrorPage>
    );
  if (state.kind === 'locked') {
    return (
      <ErrorPage title="This study is already open in another tab">
        <p>
          Participant {state.participantId} is doing this study in another tab or window. Please continue there and close this one, so your
          answers are not recorded twice.
        </p>
      </ErrorPage>
    );
  }
  if (state.kind === 'consent') {
    const onAgree = () => {
      if (agreeing) return;
      setAgreeing(true);
      consent(state)
        .then(setState)
        .catch((err: unknown) => setState(failure('The study could not start', err)));
    };
    return <ConsentPage config={state.config} participantId={state.participant} busy={agreeing} onAgree={onAgree} />;
  }
  return <RunningStudy initial={state.session} steps={state.steps} items={state.items} writer={state.writer} />;
}

function RunningStudy({
  initial,
  steps,
  items,
  writer,
}: {
  initial: SessionRecord;
  steps: Step[];
  items: ReadonlyMap<number, CatalogueItem>;
  writer: SessionWriter;
}) {
  const [session, setSession] = useState(initial);
  const sessionRef = useRef(session);
  const [gaze, setGaze] = useState<GazeSource>(() => createStudyGazeSource(initial.gazeSource, initial.config));
  const [gazeReady, setGazeReady] = useState(false);
  const config = session.config;

  useEffect(() => () => void gaze.stop(), [gaze]);

  /** Applies a pure transition, shows it, and hands the new revision to the session's writer. */
  const update = useCallback(
    (fn: (s: SessionRecord) => SessionRecord) => {
      const next = actions.revised(sessionRef.current, fn(sessionRef.current));
      sessionRef.current = next;
      setSession(next);
      writer.setSession(next);
      window.scrollTo(0, 0);
    },
    [writer],
  );
  const next = useCallback(
    (fn: (s: SessionRecord) => SessionRecord = (s) => s) => update((s) => actions.advance(fn(s), steps, Date.now())),
    [update, steps],
  );

  /** The config allowed falling back to the cursor when the webcam failed; the session is flagged. */
  const switchToMouseIf = (fallback: boolean) => {
    if (!fallback) return;
    void gaze.stop();
    const mouse = createStudyGazeSource('mouse', config);
    setGaze(mouse);
    void mouse.start();
  };

  const step = steps[session.stepIndex] ?? { kind: 'complete' };
  const needsGaze = step.kind === 'screen' || step.kind === 'drift-check';

  let body: React.ReactNode;
  if (needsGaze && !gazeReady) {
    body = (
      <GazeSetupStep
        source={gaze}
        config={config}
        resumed
        onComplete={(result, fallback) => {
          switchToMouseIf(fallback);
          update((s) => actions.withCalibration(s, result, fallback));
          setGazeReady(true);
        }}
      />
    );
  } else {
    switch (step.kind) {
      case 'consent':
        // A session is created at consent, past this step; an upgraded schema-1 session may still sit here.
        body = <ConsentPage config={config} participantId={session.participantId} busy={false} onAgree={() => next()} />;
        break;
      case 'pre-survey':
        body = (
          <SurveyForm
            sections={preSurvey(config.questionnaires)}
            onSubmit={(a: Answers) => next((s) => actions.withSurvey(s, 'pre', a, Date.now()))}
          />
        );
        break;
      case 'gaze-setup':
        body = (
          <GazeSetupStep
            source={gaze}
            config={config}
            resumed={false}
            onComplete={(result, fallback) => {
              switchToMouseIf(fallback);
              setGazeReady(true);
              next((s) => actions.withCalibration(s, result, fallback));
            }}
          />
        );
        break;
      case 'block-intro':
        body = <BlockIntroPage block={step.block} onContinue={() => next()} />;
        break;
      case 'drift-check':
        body = <DriftCheckStep source={gaze} config={config} onDone={(result) => next((s) => actions.withCalibration(s, result))} />;
        break;
      case 'screen': {
        const screen = config.screens.find((s) => s.taskId === step.taskId)!;
        body = (
          <ScreenRunner
            key={screen.taskId}
            sessionId={session.id}
            screen={screen}
            layout={config.layout}
            items={items}
            gaze={gaze}
            writer={writer}
            startedAt={session.screens[screen.taskId]?.startedAt}
            onStart={() => update((s) => actions.withScreenStarted(s, screen.taskId, Date.now()))}
            onSelect={({ selection, quality }) => next((s) => actions.withSelection(s, selection, quality, Date.now()))}
          />
        );
        break;
      }
      case 'selection-questions': {
        const selection = session.selections[step.taskId];
        body = (
          <SelectionQuestionsPage
            key={step.taskId}
            item={selection ? items.get(selection.movieId) : undefined}
            onSubmit={(answers) => next((s) => actions.withSelectionAnswers(s, step.taskId, answers))}
          />
        );
        break;
      }
      case 'speed-reminder':
        body = <SpeedReminderPage onContinue={() => next((s) => actions.withSpeedReminder(s, step.afterCount))} />;
        break;
      case 'post-survey':
        body = (
          <SurveyForm
            sections={postSurvey(config.questionnaires, config.questionnaires.post)}
            submitLabel="Finish"
            onSubmit={(a) => next((s) => actions.withSurvey(s, 'post', a, Date.now()))}
          />
        );
        break;
      case 'complete':
        body = <CompletePage session={session} onShown={() => void gaze.stop()} beforeDownload={() => writer.settled()} />;
        break;
    }
  }
  return (
    <>
      <StorageBanner writer={writer} />
      {body}
    </>
  );
}
