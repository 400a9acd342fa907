// A remote participant of a server study, for the workspace journey (e2e/workspace.spec.ts): the
// real participant pages on the study link, with gaze=mouse. Consent starts the session on the
// server, the page's outbox uploads as it records, the participant leaves after a screen and comes
// back through the same link (the browser resumes the session it holds), and the completion URL is
// followed by the page only after the last acknowledgement.
import { expect, type Browser, type Page } from '@playwright/test';
import type { RecordedEvent } from '../../core/events.ts';
import { fillSurvey, readChunks, readSession, selectTile, startScreen } from './study-driver.ts';

export interface ParticipantRun {
  sessionId: string;
  /** The chunks the participant's browser recorded (what the export must hold). */
  recorded: { taskId: number; seq: number; events: RecordedEvent[] }[];
  screens: number;
  /** Where the participant's browser ended up after the completion page. */
  finalUrl: string;
}

export interface ParticipantOptions {
  /** The study link as the participant opens it (Prolific's placeholders filled in). */
  link: URL;
  participantId: string;
  /** Close the tab after this many screens and open the link again (a returning participant). */
  leaveAfterScreen?: number;
  /** Called after each screen (the researcher's live checks; they wait for the upload). */
  afterScreen?: (screens: number) => Promise<void>;
  /** Called once the participant has consented (the session exists on the server). */
  afterConsent?: () => Promise<void>;
}

const PROLIFIC_STUB = '<!doctype html><title>Prolific</title><h1>Submission complete</h1>';

/** One participant from the study link to the completion URL, through the participant pages. */
export async function participateThroughStudyLink(browser: Browser, o: ParticipantOptions): Promise<ParticipantRun> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 945 } });
  await context.route('https://app.prolific.com/**', (route) => route.fulfill({ contentType: 'text/html', body: PROLIFIC_STUB }));
  let p: Page = await context.newPage();
  await p.goto(o.link.href);
  const agree = p.getByRole('checkbox', { name: /I agree/ });
  await expect(agree).toBeVisible({ timeout: 30_000 });
  await expect(p.getByTestId('data-destination')).toContainText('study server');
  await agree.check();
  await p.getByRole('button', { name: 'Start' }).click();
  await expect(agree).toBeHidden({ timeout: 30_000 });
  await o.afterConsent?.();

  let screens = 0;
  const onProlific = () => p.url().startsWith('https://app.prolific.com/');
  for (let guard = 0; guard < 40 && !onProlific(); guard++) {
    const form = p.locator('form.survey');
    const start = p.getByRole('button', { name: 'Start', exact: true });
    const next = p.getByRole('button', { name: 'Continue', exact: true });
    const saving = p.getByRole('heading', { name: 'Thank you!' });
    await expect(form.or(start).or(next).or(saving).first()).toBeVisible({ timeout: 30_000 });
    if (await saving.isVisible()) break;
    if (await form.isVisible()) await fillSurvey(p);
    else if (await start.isVisible()) {
      await startScreen(p);
      await selectTile(p, 1, 1);
      screens++;
      await expect(p.locator('[data-aoi=tile]')).toHaveCount(0, { timeout: 20_000 });
      await o.afterScreen?.(screens);
      if (screens === o.leaveAfterScreen) {
        await p.close();
        p = await context.newPage();
        await p.goto(o.link.href);
      }
    } else if (await next.isVisible()) await next.click();
  }
  // The page follows the completion URL itself, once the server acknowledged everything.
  await expect(p).toHaveURL(/^https:\/\/app\.prolific\.com\//, { timeout: 90_000 });
  const finalUrl = p.url();
  // Back on the study's origin to read what this browser recorded.
  await p.goto(new URL('/api/health', o.link).href);
  const session = await readSession(p, o.participantId);
  if (!session) throw new Error(`no session of ${o.participantId} in this browser`);
  const recorded = await readChunks(p, session.id);
  await context.close();
  return { sessionId: session.id, recorded, screens, finalUrl };
}
