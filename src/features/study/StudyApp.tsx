import { useCallback, useEffect, useRef, useState } from 'react';
import type { Answers, SessionRecord } from '../../../core/records.ts';
import type { CatalogueItem } from '../../../core/study-config/schema.ts';
import { SurveyForm } from '../../components/survey/SurveyForm.tsx';
import type { GazeSource } from '../../tracking/gaze-source.ts';
import type { SessionWriter } from '../../tracking/session-writer.ts';
import { boot, consent, failure, type Boot } from './boot.ts';
import type { Step } from './flow.ts';
import { createStudyGazeSource, GazeSetupStep, DriftCheckStep } from './gaze-steps.tsx';
import { storedScreen } from './gaze/screen-size.ts';
import { BlockIntroPage, ConsentPage, ErrorPage, SpeedReminderPage } from './pages.tsx';
import { CompletePage } from './CompletePage.tsx';
import { postSurvey, preSurvey } from './questionnaires/definitions.ts';
import { SelectionQuestionsPage } from './SelectionQuestionsPage.tsx';
import { ScreenRunner } from './ScreenRunner.tsx';
import { bootFromServerLink, consentOnServer } from './server-boot.ts';
import { ServerCompletePage, UploadBanner, WithdrawControl, WithdrawnPage } from './ServerPages.tsx';
import type { ServerSession } from './server-upload.ts';
import { downloadRescue } from './rescue-download.ts';
import * as actions from './session-actions.ts';
import { StorageBanner } from './StorageBanner.tsx';
import './study.css';

// One boot per page load: React StrictMode mounts twice in development, and a second boot would
// find the first one's tab lock and report "already open in another tab".
let booting: Promise<Boot> | null = null;

/**
 * The participant's study: `entry` 'local' for a link to this app (`/?study=…`: data stays in this
 * browser), 'server' for a study link on the study server (`/s/<study>`: data goes to the server).
 */
export function StudyApp({ entry = 'local' }: { entry?: 'local' | 'server' }) {
  const [state, setState] = useState<Boot>({ kind: 'loading' });
  useEffect(() => {
    let live = true;
    (booting ??= entry === 'server' ? bootFromServerLink() : boot())
      .then((b) => live && setState(b))
      .catch((err: unknown) => live && setState(failure('The study could not start', err)));
    return () => {
      live = false;
    };
  }, [entry]);
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
      (state.link ? consentOnServer(state) : consent(state))
        .then(setState)
        .catch((err: unknown) => setState(failure('The study could not start', err)))
        .finally(() => setAgreeing(false));
    };
    return (
      <ConsentPage
        config={state.config}
        participantId={state.participant}
        busy={agreeing}
        onAgree={onAgree}
        dataGoesTo={state.link ? 'server' : 'browser'}
        problem={state.problem}
      />
    );
  }
  return <RunningStudy initial={state.session} steps={state.steps} items={state.items} writer={state.writer} server={state.server} />;
}

function RunningStudy({
  initial,
  steps,
  items,
  writer,
  server,
}: {
  initial: SessionRecord;
  steps: Step[];
  items: ReadonlyMap<number, CatalogueItem>;
  writer: SessionWriter;
  server: ServerSession | undefined;
}) {
  const [session, setSession] = useState(initial);
  const [withdrawn, setWithdrawn] = useState(false);
  const sessionRef = useRef(session);
  const [gaze, setGaze] = useState<GazeSource>(() => createStudyGazeSource(initial.gazeSource, initial.config));
  const [gazeReady, setGazeReady] = useState(false);
  const config = session.config;

  useEffect(() => () => void gaze.stop(), [gaze]);
  // The measured screen reaches the gaze engine from the session (a resumed session included) and after every re-measure.
  const stored = storedScreen(session);
  const pxPerCm = stored?.viewing?.pxPerCm;
  const distanceCm = stored?.viewing?.distanceCm;
  useEffect(() => {
    if (pxPerCm !== undefined && distanceCm !== undefined) gaze.setViewing?.({ pxPerCm, distanceCm });
  }, [gaze, pxPerCm, distanceCm]);
  const stopGaze = useCallback(() => void gaze.stop(), [gaze]);
  const settled = useCallback(() => writer.settled(), [writer]);

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
        measured={stored?.size}
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
        body = server ? (
          <ServerCompletePage server={server} onShown={stopGaze} beforeUpload={settled} download={() => downloadRescue(writer, server)} />
        ) : (
          <CompletePage session={session} onShown={stopGaze} beforeDownload={settled} />
        );
        break;
    }
  }
  if (withdrawn) return <WithdrawnPage />;
  return (
    <>
      <StorageBanner writer={writer} server={server} />
      {server && <UploadBanner server={server} />}
      {body}
      {server && (
        <WithdrawControl
          server={server}
          writer={writer}
          onWithdrawn={() => {
            void gaze.stop();
            setWithdrawn(true);
          }}
        />
      )}
    </>
  );
}
