import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudyDetail, StudySummary } from '../../../core/protocol/lab.ts';
import type { ErrorBody } from '../../../core/protocol/messages.ts';
import { addResearcher, enter, login, threeScreenStudy, type LabClient } from '../../testing/lab.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
let lab: LabClient;
beforeAll(async () => {
  t = await createTestApp();
  await addResearcher(t, 'owner@lab.test', 'owner');
  lab = await login(t, 'owner@lab.test');
});
afterAll(() => t.close());

const detail = async (id: string) => (await lab.call('GET', `/api/lab/studies/${id}`)).json<StudyDetail>();

describe('studies on the server', () => {
  it('publishes immutable versions; editing a published study makes a draft; each session keeps the version it ran', async () => {
    const v1 = threeScreenStudy('versioned');
    const created = await lab.call('POST', '/api/lab/studies', { config: v1, studio: { seed: 7 } });
    expect(created.statusCode).toBe(201);
    expect(created.json<StudyDetail>()).toMatchObject({
      state: 'draft',
      publishedVersion: null,
      draftChanged: true,
      draftRevision: 1,
      studio: { seed: 7 },
    });
    expect((await lab.call('POST', '/api/lab/studies/versioned/state', { state: 'open' })).json<ErrorBody>().error.problem).toBe(
      'publish a version before opening the study',
    );
    expect((await lab.call('POST', '/api/lab/studies/versioned/publish')).json<StudyDetail>()).toMatchObject({
      publishedVersion: 1,
      draftChanged: false,
    });
    const unchanged = await lab.call('POST', '/api/lab/studies/versioned/publish');
    expect(unchanged.statusCode).toBe(409);
    expect(unchanged.json<ErrorBody>().error.problem).toMatch(/same as the latest published version/);
    await lab.call('POST', '/api/lab/studies/versioned/state', { state: 'open' });
    const early = await enter(t, 'versioned', { participant: 'EARLY' });

    // Editing: the draft changes, version 1 does not; new participants still get version 1.
    const v2 = { ...v1, name: 'Versioned, second edition', screens: v1.screens.slice(0, 2) };
    const saved = await lab.call('PUT', '/api/lab/studies/versioned/draft', { config: v2, studio: null, baseRevision: 1 });
    expect(saved.json<StudyDetail>()).toMatchObject({
      draftChanged: true,
      draftRevision: 2,
      publishedVersion: 1,
      name: 'Versioned, second edition',
    });
    const stale = await lab.call('PUT', '/api/lab/studies/versioned/draft', { config: v1, studio: null, baseRevision: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<ErrorBody>().error.problem).toMatch(/draft is at revision 2: someone saved it meanwhile/);
    expect(await enter(t, 'versioned', { participant: 'MIDDLE' })).toMatchObject({ version: 1, config: { screens: { length: 3 } } });

    const published = (await lab.call('POST', '/api/lab/studies/versioned/publish')).json<StudyDetail>();
    expect(published).toMatchObject({ publishedVersion: 2, draftChanged: false });
    expect(published.versions.map((v) => [v.version, v.screens, v.publishedBy])).toEqual([
      [2, 2, 'owner'],
      [1, 3, 'owner'],
    ]);
    const late = await enter(t, 'versioned', { participant: 'LATE' });
    expect(late).toMatchObject({ version: 2, config: { screens: { length: 2 }, name: 'Versioned, second edition' } });
    // A participant of version 1 who comes back resumes with version 1.
    expect(await enter(t, 'versioned', { participant: 'EARLY' })).toMatchObject({
      outcome: 'resumed',
      version: 1,
      config: { screens: { length: 3 } },
    });
    if (early.outcome === 'unavailable') throw new Error('unavailable');
    const rows = await t.pool.query('SELECT participant_id, study_version FROM sessions WHERE study_id = $1 ORDER BY participant_id', [
      'versioned',
    ]);
    expect(rows.rows).toEqual([
      { participant_id: 'EARLY', study_version: 1 },
      { participant_id: 'LATE', study_version: 2 },
      { participant_id: 'MIDDLE', study_version: 1 },
    ]);
    // The database itself refuses to change a published version.
    await expect(t.pool.query(`UPDATE study_versions SET config = '{}' WHERE study_id = 'versioned' AND version = 1`)).rejects.toThrow(
      /study_versions rows are immutable/,
    );
  });

  it('checks a saved config as the studio does and names the first problem', async () => {
    const bad = { ...threeScreenStudy('bad-one'), layout: { ...threeScreenStudy('x').layout, visibleCount: 99 } };
    const res = await lab.call('POST', '/api/lab/studies', { config: bad, studio: null });
    expect(res.statusCode).toBe(422);
    expect(res.json<ErrorBody>().error).toMatchObject({
      field: 'config.layout.visibleCount',
      problem: expect.stringMatching(/is 99; it must be at most 12/),
    });
    const preset = await lab.call('POST', '/api/lab/studies', { config: threeScreenStudy('recgaze'), studio: null });
    expect(preset.json<ErrorBody>().error).toMatchObject({
      field: 'config.id',
      problem: '"recgaze" is a built-in study; choose another id',
    });
    await lab.call('POST', '/api/lab/studies', { config: threeScreenStudy('taken'), studio: null });
    expect((await lab.call('POST', '/api/lab/studies', { config: threeScreenStudy('taken'), studio: null })).statusCode).toBe(409);
    const renamed = await lab.call('PUT', '/api/lab/studies/taken/draft', {
      config: threeScreenStudy('other-id'),
      studio: null,
      baseRevision: 1,
    });
    expect(renamed.json<ErrorBody>().error).toMatchObject({ field: 'config.id', problem: `must stay "taken": the study's links use it` });
  });

  it('moves between draft, open, paused and closed only along the allowed ways', async () => {
    await lab.call('POST', '/api/lab/studies', { config: threeScreenStudy('states'), studio: null });
    await lab.call('POST', '/api/lab/studies/states/publish');
    const go = async (state: string) => {
      const res = await lab.call('POST', '/api/lab/studies/states/state', { state });
      return res.statusCode === 200 ? res.json<StudyDetail>().state : res.json<ErrorBody>().error.problem;
    };
    expect(await go('paused')).toBe('cannot go from draft to paused (from draft: open or closed)');
    expect(await go('open')).toBe('open');
    expect(await go('paused')).toBe('paused');
    expect(await go('draft')).toBe('cannot go from paused to draft (from paused: open or closed)');
    expect(await go('closed')).toBe('closed');
    expect(await go('open')).toBe('open');
    expect(await go('sideways')).toMatch(/must be one of draft, open, paused, closed/);
    const audit = (await lab.call('GET', '/api/lab/audit')).json<{ action: string; studyId: string; detail: { to?: string } }[]>();
    expect(audit.filter((a) => a.studyId === 'states' && a.action === 'study-state').map((a) => a.detail.to)).toEqual([
      'open',
      'closed',
      'paused',
      'open',
    ]);
  });

  it('checks the settings: target, links, completion URL, exclusion rules', async () => {
    await lab.call('POST', '/api/lab/studies', { config: threeScreenStudy('settings'), studio: null });
    const base = (await detail('settings')).settings;
    const put = (body: unknown) => lab.call('PUT', '/api/lab/studies/settings/settings', body);
    const cases: [unknown, string, RegExp][] = [
      [{ target: 0, settings: base }, 'target', /at least 1/],
      [{ target: null, settings: { ...base, links: [] } }, 'settings.links', /at least one kind/],
      [{ target: null, settings: { ...base, links: ['prolific', 'prolific'] } }, 'settings.links', /lists a kind twice/],
      [{ target: null, settings: { ...base, completionUrl: 'javascript:alert(1)' } }, 'settings.completionUrl', /http\(s\) URL/],
      [
        { target: null, settings: { ...base, exclusion: { ...base.exclusion, maxLossPct: 120 } } },
        'settings.exclusion.maxLossPct',
        /at most 100 %/,
      ],
      [{ target: null, settings: { ...base, abandonAfterMinutes: 0 } }, 'settings.abandonAfterMinutes', /at least 1 minute/],
    ];
    for (const [body, field, problem] of cases) {
      const res = await put(body);
      expect(res.statusCode, field).toBe(422);
      expect(res.json<ErrorBody>().error.field).toBe(field);
      expect(res.json<ErrorBody>().error.problem).toMatch(problem);
    }
    const ok = await put({ target: 87, settings: { ...base, exclusion: { maxValidationDeg: 3, maxLossPct: 20, minGazeHz: null } } });
    expect(ok.json<StudyDetail>()).toMatchObject({ target: 87, settings: { exclusion: { maxValidationDeg: 3, maxLossPct: 20 } } });
    const list = (await lab.call('GET', '/api/lab/studies')).json<StudySummary[]>();
    expect(list.find((s) => s.id === 'settings')).toMatchObject({ target: 87, started: 0, state: 'draft' });
  });
});
