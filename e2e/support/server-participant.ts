// A remote participant of a server study, for the workspace journey (e2e/workspace.spec.ts).
//
// Stand-in: the participant pages do not talk to the study server yet (another branch wires the
// study flow to it), so this drives the participant's side through the real study-link API with
// src/sync's clients — link resolved, session started at consent (StudyApi.enterStudy), the
// recorder's chunks uploaded by the Uploader after each screen, the session record after each
// screen, the completion URL only after the last acknowledgement — while the real app records the
// same session in its own browser context with gaze=mouse (its config is the published version the
// server handed out). When the participant pages upload by themselves, replace the body of
// `participateThroughStudyLinkApi` with "open the link and click through"; its callers keep working.
import { expect, type Browser } from '@playwright/test';
import type { EntryStartResponse } from '../../core/protocol/entry.ts';
import type { JsonObject } from '../../core/protocol/json-value.ts';
import type { RecordedEvent } from '../../core/events.ts';
import { MemoryOutbox } from '../../src/sync/outbox.ts';
import { StudyApi } from '../../src/sync/study-api.ts';
import { recruitmentParams } from '../../src/sync/study-link.ts';
import { Uploader } from '../../src/sync/uploader.ts';
import { agreeAndStart, fillSurvey, readChunks, readSession, selectTile, startScreen } from './study-driver.ts';

export interface ParticipantRun {
  sessionId: string;
  /** The chunks the participant's browser recorded (what the export must hold). */
  recorded: { taskId: number; seq: number; events: RecordedEvent[] }[];
  /** Chunks acknowledged by the server. */
  acknowledged: number;
  /** What the server answered when the participant came back (`leaveAfterScreen`). */
  cameBack: EntryStartResponse | null;
  screens: number;
  /** Where the participant's browser ended up after the completion page. */
  finalUrl: string;
}

export interface ParticipantOptions {
  serverUrl: string;
  studyId: string;
  /** The study link as the participant opens it (Prolific's placeholders filled in). */
  link: URL;
  /** Leave after this many screens and open the link again (a returning participant). */
  leaveAfterScreen?: number;
  /** Called once each screen's data is acknowledged by the server (the researcher's checks). */
  afterScreen?: (screens: number) => Promise<void>;
  /** Called once the session exists on the server, before the first screen. */
  afterConsent?: () => Promise<void>;
}

/** One participant from the study link to the completion URL, through the real study-link API. */
export async function participateThroughStudyLinkApi(browser: Browser, o: ParticipantOptions): Promise<ParticipantRun> {
  const api = new StudyApi({ baseUrl: o.serverUrl });
  const params = recruitmentParams(o.link.searchParams);
  const resolved = await api.resolveLink(o.studyId, o.link.searchParams);
  if (!resolved.ok || resolved.value.outcome !== 'open') throw new Error(`the link does not open: ${JSON.stringify(resolved)}`);
  const { config, participantId } = resolved.value;
  if (!participantId) throw new Error('this helper runs named links (Prolific, ?id=, ?participant=)');

  const context = await browser.newContext({ viewport: { width: 1920, height: 945 } });
  const p = await context.newPage();
  await p.route(`${o.serverUrl}/e2e-config/${o.studyId}.json`, (route) => route.fulfill({ json: config }));
  await p.route('https://app.prolific.com/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Prolific</title><h1>Submission complete</h1>' }),
  );
  await p.goto(`${o.serverUrl}/?study=/e2e-config/${o.studyId}.json&participant=${participantId}&gaze=mouse`);
  await agreeAndStart(p);
  const start = () => api.enterStudy(o.studyId, { params, consentedAt: Date.now(), appVersion: 'e2e' });
  const entered = await start();
  if (!entered.ok || entered.value.outcome === 'unavailable') throw new Error(`not started: ${JSON.stringify(entered)}`);
  let credentials = { sessionId: entered.value.sessionId, token: entered.value.token };
  await o.afterConsent?.();

  const outbox = new MemoryOutbox();
  const queued = new Set<string>();
  let uploader = new Uploader({ api, session: credentials, outbox, intervalMs: 500 });
  uploader.start();
  let localId: string | null = null;
  let cameBack: EntryStartResponse | null = null;
  // What the page's outbox will do: queue every new chunk, send the record, wait for the acknowledgement.
  const sync = async (status: 'active' | 'completed', screensDone: number) => {
    // The page stores the screen's selection in the record shortly after the screen ends.
    let local = await readSession(p, participantId);
    await expect
      .poll(async () => Object.keys((local = await readSession(p, participantId))?.selections ?? {}).length, { timeout: 20_000 })
      .toBeGreaterThanOrEqual(screensDone);
    if (!local) return;
    localId = local.id;
    for (const c of await readChunks(p, local.id)) {
      const key = `${c.taskId}:${c.seq}`;
      if (queued.has(key)) continue;
      queued.add(key);
      outbox.add(c);
    }
    const { config: _config, ...record } = local;
    outbox.setSession({ status, step: local.stepIndex, record: record as unknown as JsonObject });
    await uploader.flush();
    // flush() may settle on a round that started before these were queued: wait for the outbox itself.
    await expect
      .poll(
        async () => {
          if (uploader.current.state === 'refused') throw new Error(`the server refused the session: ${uploader.current.problem}`);
          return (await outbox.counts()).pending === 0 && (await outbox.sessionUpdate()) === null;
        },
        { timeout: 20_000 },
      )
      .toBe(true);
  };

  let screens = 0;
  const thanks = p.getByRole('heading', { name: 'Thank you!' });
  for (let guard = 0; guard < 40 && !(await thanks.isVisible()); guard++) {
    const form = p.locator('form.survey');
    const startButton = p.getByRole('button', { name: 'Start', exact: true });
    const next = p.getByRole('button', { name: 'Continue', exact: true });
    await expect(form.or(startButton).or(next).or(thanks).first()).toBeVisible({ timeout: 20_000 });
    if (await thanks.isVisible()) break;
    if (await form.isVisible()) await fillSurvey(p);
    else if (await startButton.isVisible()) {
      await startScreen(p);
      await selectTile(p, 1, 1);
      screens++;
      await expect(p.locator('[data-aoi=tile]')).toHaveCount(0, { timeout: 20_000 });
      await sync('active', screens);
      await o.afterScreen?.(screens);
      if (screens === o.leaveAfterScreen) {
        // Gone, then back through the same link: the server resumes the session with a new token.
        await uploader.stop();
        const again = await start();
        if (!again.ok) throw new Error(`coming back failed: ${JSON.stringify(again)}`);
        cameBack = again.value;
        if (again.value.outcome !== 'resumed') break;
        credentials = { sessionId: again.value.sessionId, token: again.value.token };
        uploader = new Uploader({ api, session: credentials, outbox, intervalMs: 500 });
        uploader.start();
      }
    } else if (await next.isVisible()) await next.click();
  }
  await expect(thanks).toBeVisible();
  await sync('completed', screens);
  await uploader.stop();
  const recorded = await readChunks(p, localId!);
  const counts = await outbox.counts();
  expect(counts).toEqual({ acknowledged: queued.size, pending: 0, rejected: 0 });
  const completion = await api.complete(credentials, queued.size);
  if (!completion.ok) throw new Error(`completion refused: ${JSON.stringify(completion)}`);
  if (completion.value.completionUrl) {
    await p.goto(completion.value.completionUrl);
    await expect(p.getByRole('heading', { name: 'Submission complete' })).toBeVisible();
  }
  const finalUrl = p.url();
  await context.close();
  return { sessionId: credentials.sessionId, recorded, acknowledged: counts.acknowledged, cameBack, screens, finalUrl };
}
