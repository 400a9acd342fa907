import { useCallback, useEffect, useRef, useState } from 'react';
import type { GazeSourceKind, RecordedEvent } from '../../../core/events.ts';
import { loadCatalogue } from '../../../stimuli/catalogue.ts';
import { SurveyForm } from '../../components/survey/SurveyForm.tsx';
import { findSession, nextCounter, putSession } from '../../db/sessions.ts';
import type { Answers, EnvironmentInfo, SelectionRecord, SessionRecord } from '../../../core/records.ts';
import { firstTaskFor, sequentialParticipantId } from '../../../core/study-config/counterbalance.ts';
import type { CatalogueItem, StudyConfig } from '../../../core/study-config/schema.ts';
import { checkConsistency } from '../../../core/study-config/validate.ts';
import type { GazeSource } from '../../tracking/gaze-source.ts';
import { buildFlow, type Step } from './flow.ts';
import { createStudyGazeSource, GazeSetupStep, DriftCheckStep } from './gaze-steps.tsx';
import { loadStudy } from './load-study.ts';
import { BlockIntroPage, ConsentPage, ErrorPage, SpeedReminderPage } from './pages.tsx';
import { CompletePage } from './CompletePage.tsx';
import { postSurvey, preSurvey } from './questionnaires/definitions.ts';
import { SelectionQuestionsPage } from './SelectionQuestionsPage.tsx';
import { ScreenRunner } from './ScreenRunner.tsx';
import { screenQualityOf } from './screen-quality.ts';
import * as actions from './session-actions.ts';
import { StorageBanner } from './StorageBanner.tsx';
import { acquireSessionLock } from './tab-lock.ts';
import './study.css';

const GAZE_KINDS: GazeSourceKind[] = ['webgazer', 'worker', 'mouse', 'replay', 'simulated'];
const PARTICIPANT_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

type Boot =
  | { kind: 'loading' }
  | { kind: 'error'; title: string; problems: { path: string; message: string }[] }
  | { kind: 'locked'; participantId: string }
  | { kind: 'ready'; config: StudyConfig; items: ReadonlyMap<number, CatalogueItem>; session: SessionRecord; steps: Step[] };

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

async function boot(): Promise<Boot> {
  const params = new URLSearchParams(window.location.search);
  const load = await loadStudy(params.get('study'));
  if (!load.ok) return { kind: 'error', title: load.title, problems: load.problems };
  let config = load.config;
  const items = await loadCatalogue(config.catalogue);
  if (config.catalogue.kind === 'builtin') {
    const problems = checkConsistency(config, new Set(items.keys()));
    if (problems.length) return { kind: 'error', title: 'The study config is not valid', problems };
  }
  const gazeParam = params.get('gaze');
  if (gazeParam !== null && !GAZE_KINDS.includes(gazeParam as GazeSourceKind)) {
    return {
      kind: 'error',
      title: 'The study link is not valid',
      problems: [{ path: 'gaze', message: `"${gazeParam}" is not one of ${GAZE_KINDS.join(', ')}` }],
    };
  }
  const gaze = (gazeParam as GazeSourceKind | null) ?? config.gaze.source;
  const trace = params.get('trace');
  if (trace !== null) {
    const url = new URL(trace, window.location.href);
    if (url.origin !== window.location.origin) {
      return {
        kind: 'error',
        title: 'The study link is not valid',
        problems: [{ path: 'trace', message: `${url.origin} is another origin; the replay trace must be on this site` }],
      };
    }
    config = { ...config, gaze: { ...config.gaze, replayUrl: url.pathname + url.search } };
  }
  if (gaze === 'replay' && !config.gaze.replayUrl) {
    return {
      kind: 'error',
      title: 'The study link is not valid',
      problems: [{ path: 'trace', message: 'gaze=replay needs a trace: add &trace=<URL of a t,x,y CSV on this site>' }],
    };
  }
  let participantId = params.get('participant')?.trim() ?? '';
  if (participantId && !PARTICIPANT_RE.test(participantId)) {
    return {
      kind: 'error',
      title: 'The study link is not valid',
      problems: [{ path: 'participant', message: `"${participantId}" must be 1–64 letters, digits, _ . or -` }],
    };
  }
  if (!participantId) {
    participantId = sequentialParticipantId(config.site, await nextCounter(`participant:${config.id}`));
    params.set('participant', participantId);
    window.history.replaceState(null, '', `${window.location.pathname}?${params.toString()}`);
  }
  if (!(await acquireSessionLock(`carousel-gaze-lab:${config.id}:${participantId}`))) return { kind: 'locked', participantId };

  let session = await findSession(config.id, participantId);
  if (!session) {
    const persistent = (await navigator.storage?.persist?.().catch(() => null)) ?? null;
    session = actions.createSession({
      id: crypto.randomUUID(),
      participantId,
      config,
      gazeSource: gaze,
      firstTask: firstTaskFor(participantId, config.blockOrder),
      environment: environment(persistent),
      now: Date.now(),
    });
    await putSession(session);
  }
  const steps = buildFlow(session.config, session.firstTask);
  const step = steps[session.stepIndex];
  if (step?.kind === 'screen' && session.screens[step.taskId] && !session.screens[step.taskId]!.endedAt) {
    session = actions.withScreenStarted(session, step.taskId, Date.now());
    await putSession(session);
  }
  return { kind: 'ready', config: session.config, items, session, steps };
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
      .catch(
        (err: unknown) =>
          live &&
          setState({
            kind: 'error',
            title: 'The study could not start',
            problems: [{ path: '(app)', message: (err as Error).message ?? String(err) }],
          }),
      );
    return () => {
      live = false;
    };
  }, []);

  if (state.kind === 'loading') return <p className="loading">Loading the study…</p>;
  if (state.kind === 'error') return <ErrorPage title={state.title} problems={state.problems} />;
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
  return <RunningStudy initial={state.session} steps={state.steps} items={state.items} />;
}

function RunningStudy({ initial, steps, items }: { initial: SessionRecord; steps: Step[]; items: ReadonlyMap<number, CatalogueItem> }) {
  const [session, setSession] = useState(initial);
  const sessionRef = useRef(session);
  const saving = useRef<Promise<void>>(Promise.resolve());
  const [gaze, setGaze] = useState<GazeSource>(() => createStudyGazeSource(initial.gazeSource, initial.config));
  const [gazeReady, setGazeReady] = useState(false);
  const config = session.config;

  useEffect(() => () => void gaze.stop(), [gaze]);

  /** Applies a pure transition, shows it, and queues the write so records land in order. */
  const update = useCallback((fn: (s: SessionRecord) => SessionRecord) => {
    const next = fn(sessionRef.current);
    sessionRef.current = next;
    setSession(next);
    saving.current = saving.current.then(() => putSession(next)).catch(() => undefined);
    window.scrollTo(0, 0);
  }, []);
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
        body = <ConsentPage config={config} participantId={session.participantId} onAgree={() => next()} />;
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
            startedAt={session.screens[screen.taskId]?.startedAt}
            onStart={() => update((s) => actions.withScreenStarted(s, screen.taskId, Date.now()))}
            onSelect={(selection: SelectionRecord, events: RecordedEvent[]) =>
              next((s) => actions.withSelection(s, selection, screenQualityOf(events), Date.now()))
            }
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
        body = <CompletePage session={session} onShown={() => void gaze.stop()} />;
        break;
    }
  }
  return (
    <>
      <StorageBanner sessionId={session.id} />
      {body}
    </>
  );
}
