import { expect, test } from '@playwright/test';
import type { GazeEvent } from '../core/events.ts';
import { agreeAndStart, clickContinue, readEvents, readSession, selectTile, startScreen, studyUrl } from './support/study-driver.ts';

const uid = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

test.describe('gaze sources drive the same study flow', () => {
  test('replay plays a t,x,y trace into the recorded gaze samples', async ({ page }) => {
    // 30 Hz trace alternating between two known points every second.
    const lines = ['t,x,y'];
    for (let i = 0; i < 120; i++) lines.push(`${Math.round(i * 33.3)},${i % 60 < 30 ? 247 : 598},${i % 60 < 30 ? 185 : 525}`);
    lines.push('4000,,');
    await page.route(
      (url) => url.pathname === '/traces/two-points.csv',
      (route) => route.fulfill({ contentType: 'text/csv', body: lines.join('\n') }),
    );
    const pid = `replay_${uid()}`;
    await page.goto(`${studyUrl(pid, { gaze: 'replay' })}&trace=/traces/two-points.csv`);
    await agreeAndStart(page);
    await clickContinue(page);
    await clickContinue(page);
    await startScreen(page);
    // gaze flows: wait until both points of the trace are stored (not for a time that assumes a rate)
    const playing = await readSession(page, pid);
    const stored = async () => (await readEvents(page, playing!.id, 1)).filter((e): e is GazeEvent => e.kind === 'gaze');
    const seenX = async () => new Set((await stored()).map((g) => g.x)).size;
    await expect.poll(seenX, { timeout: 30_000 }).toBeGreaterThanOrEqual(3); // 247, 598 and null
    await expect.poll(async () => (await stored()).length, { timeout: 30_000 }).toBeGreaterThan(40);
    await selectTile(page, 1, 1);
    await expect(page.getByRole('heading', { name: 'About the movie you picked' })).toBeVisible();
    const session = await readSession(page, pid);
    expect(session?.gazeSource).toBe('replay');
    expect(session?.flags).toContain('replay-gaze');
    const gaze = (await readEvents(page, session!.id, 1)).filter((e): e is GazeEvent => e.kind === 'gaze');
    expect(gaze.length).toBeGreaterThan(40);
    expect(gaze.every((g) => g.source === 'replay')).toBe(true);
    const points = new Set(gaze.filter((g) => g.x !== null).map((g) => `${g.x},${g.y}`));
    expect([...points].sort()).toEqual(['247,185', '598,525']);
    expect(session!.quality[1]?.samples).toBe(gaze.length);
  });

  test('replay without a trace names the missing parameter', async ({ page }) => {
    await page.goto(studyUrl(`replay_${uid()}`, { gaze: 'replay' }));
    await expect(page.getByRole('alert')).toContainText('gaze=replay needs a trace');
  });

  test('the simulated viewer looks at the carousel and is flagged', async ({ page }) => {
    const pid = `sim_${uid()}`;
    await page.goto(studyUrl(pid, { gaze: 'simulated' }));
    await agreeAndStart(page);
    await clickContinue(page);
    await clickContinue(page);
    await startScreen(page);
    // The viewer's script runs on screen time: wait for 3.5 s of it to be stored (however many
    // samples a loaded machine delivers in that time), so the left/right share is the script's.
    const viewing = await readSession(page, pid);
    const storedSpanMs = async () => {
      const t = (await readEvents(page, viewing!.id, 1)).filter((e) => e.kind === 'gaze' && e.x !== null).map((e) => e.t);
      return t.length ? t.at(-1)! - t[0]! : 0;
    };
    await expect.poll(storedSpanMs, { timeout: 60_000 }).toBeGreaterThan(3500);
    await selectTile(page, 2, 2);
    await expect(page.getByRole('heading', { name: 'About the movie you picked' })).toBeVisible();
    const session = await readSession(page, pid);
    expect(session?.flags).toContain('simulated-gaze');
    const gaze = (await readEvents(page, session!.id, 1)).filter((e): e is GazeEvent => e.kind === 'gaze' && e.x !== null);
    expect(gaze.length).toBeGreaterThan(30);
    expect(gaze.every((g) => g.source === 'simulated')).toBe(true);
    // An F-pattern-like viewer spends more time in the left half than in the right half.
    const left = gaze.filter((g) => g.x! < 960).length;
    expect(left).toBeGreaterThan(gaze.length - left);
  });
});
