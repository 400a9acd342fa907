import { useState } from 'react';
import type { ConfigProblem } from '../../../core/study-config/validate.ts';
import type { StudyConfig } from '../../../core/study-config/schema.ts';
import { isWebcamGaze } from '../../tracking/gaze-source.ts';

export function ErrorPage({ title, problems, children }: { title: string; problems?: ConfigProblem[]; children?: React.ReactNode }) {
  return (
    <main className="page error-page" role="alert">
      <h1>{title}</h1>
      {problems && problems.length > 0 && (
        <ul className="problems">
          {problems.map((p, i) => (
            <li key={i}>
              <code>{p.path}</code>: {p.message}
            </li>
          ))}
        </ul>
      )}
      {children}
    </main>
  );
}

export function ConsentPage({
  config,
  participantId,
  busy,
  onAgree,
  dataGoesTo = 'browser',
  problem,
}: {
  config: StudyConfig;
  /** Null until consent: an id is assigned only when the participant agrees. */
  participantId: string | null;
  busy: boolean;
  onAgree: () => void;
  /** Where the data is kept: this browser only (a lab computer), or this lab's study server. */
  dataGoesTo?: 'browser' | 'server';
  problem?: string | undefined;
}) {
  const [agreed, setAgreed] = useState(false);
  const gaze = isWebcamGaze(config.gaze.source);
  return (
    <main className="page consent">
      <h1>{config.name}</h1>
      <p>
        In this study you will choose movies on screens that look like a streaming service&apos;s home page. Each screen shows rows of
        movies; use the arrows to see more movies in a row, scroll to see more rows, and click the movie you want. It takes about{' '}
        {Math.max(5, Math.round(config.screens.length * 0.6 + 8))} minutes.
      </p>
      {gaze && (
        <p>
          We estimate where you look on the screen through your webcam. The video is processed only inside this browser: no video or image
          of you is stored or sent anywhere. Only the estimated gaze points are recorded.
        </p>
      )}
      {dataGoesTo === 'browser' ? (
        <p data-testid="data-destination">
          Your answers, clicks, mouse movements{gaze ? ', gaze points' : ''} and the layout of each screen are saved in this browser.
          Nothing is sent over the network; the researcher collects the data from this computer, and you can download a copy at the end.
        </p>
      ) : (
        <p data-testid="data-destination">
          Your answers, clicks, mouse movements{gaze ? ', gaze points' : ''} and the layout of each screen are sent to the research
          team&apos;s study server at {window.location.host} while you take part (a copy stays in this browser until the server has it). No
          IP address is stored. You can withdraw at any time with &ldquo;Withdraw and delete my data&rdquo;, which deletes it from the
          server and this browser.
        </p>
      )}
      {config.questionnaires.consent && <p className="consent-extra">{config.questionnaires.consent}</p>}
      {participantId && <p className="participant-id">Participant: {participantId}</p>}
      <p className="consent-storage">Nothing is saved until you agree.</p>
      <label className="agree">
        <input type="checkbox" checked={agreed} onChange={(e) => setAgreed(e.target.checked)} /> I agree to take part in this study
      </label>
      <button type="button" className="primary" disabled={!agreed || busy} onClick={onAgree}>
        Start
      </button>
      {problem && <p role="alert">{problem}</p>}
    </main>
  );
}

const BLOCK_TEXT = {
  practice: { title: 'Practice', text: 'First, one practice screen so you can get used to the interface.' },
  free: {
    title: 'Free browsing',
    text: 'On each of the next screens, pick a movie you would like to watch. There are no right or wrong choices.',
  },
  search: {
    title: 'Genre choice and search',
    text: 'On the next screens you will either pick a movie from a given genre, or find a given movie. Each screen tells you which.',
  },
};

export function BlockIntroPage({ block, onContinue }: { block: 'practice' | 'free' | 'search'; onContinue: () => void }) {
  const t = BLOCK_TEXT[block];
  return (
    <main className="page intro-card">
      <h1>{t.title}</h1>
      <p>{t.text}</p>
      <button type="button" className="primary" autoFocus onClick={onContinue}>
        Continue
      </button>
    </main>
  );
}

export function SpeedReminderPage({ onContinue }: { onContinue: () => void }) {
  return (
    <main className="page intro-card">
      <h1>A quick reminder</h1>
      <p>Please choose as you would at home, but try not to spend too long on each screen.</p>
      <button type="button" className="primary" autoFocus onClick={onContinue}>
        Continue
      </button>
    </main>
  );
}
