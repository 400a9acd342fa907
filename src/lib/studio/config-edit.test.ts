import { describe, expect, it } from 'vitest';
import { PILOT_PRESET, RECGAZE_PRESET } from '../../../stimuli/presets.ts';
import { parseStudyConfigJson, validateStudyConfig } from '../../../core/study-config/validate.ts';
import {
  addCustomQuestion,
  configToJson,
  duplicateStudy,
  generatorSpecFor,
  presetGeneratorSpec,
  participantLink,
  plannedAssignments,
  removeCustomQuestion,
  slugify,
  studyFromPreset,
  uniqueId,
  updateCustomQuestion,
  updateSection,
  withConsent,
  withInlineCatalogue,
  withScreens,
} from './config-edit.ts';
import { generateScreens } from './screen-generation.ts';
import catalogueJson from '../../../stimuli/recgaze/catalogue.json';
import type { CatalogueItem } from '../../../core/study-config/schema.ts';

const taken = new Set(['recgaze', 'pilot']);
const items = Array.from({ length: 80 }, (_, i) => ({
  id: i + 1,
  title: `Film ${i + 1}`,
  year: 2000 + i,
  genres: [['Drama', 'Comedy', 'Horror', 'Action'][i % 4] as string],
  cast: [],
}));

/** The e2e study: 4 rows × 8 items, 4 visible, 2 free-browsing screens, on an imported catalogue. */
function smallStudy() {
  let config = studyFromPreset(PILOT_PRESET, 'Small Study', taken);
  config = withInlineCatalogue(config, items);
  config = updateSection(config, 'layout', { itemsPerRow: 8, visibleCount: 4, pageStep: 4, hoverMode: 'overlay', dragSwipe: true });
  const spec = { ...generatorSpecFor(config, 3), rows: ['Drama', 'Comedy', 'Horror', 'Action'].map((label) => ({ label })) };
  const result = generateScreens(
    {
      ...spec,
      practice: 'none',
      free: { source: 'generate', count: 2 },
      semi: { source: 'none', count: 1 },
      direct: { ...spec.direct, source: 'none' },
    },
    config.layout,
    items,
  );
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return addCustomQuestion(withScreens(config, result.screens));
}

describe('editing a study config', () => {
  it('produces a config that validates and survives a JSON round trip', () => {
    const config = smallStudy();
    expect(config.id).toBe('small-study');
    const checked = validateStudyConfig(config);
    expect(checked).toEqual({ ok: true, config });
    const back = parseStudyConfigJson(configToJson(config));
    expect(back).toEqual({ ok: true, config });
  });

  it('reports a broken edit by field', () => {
    const config = updateSection(smallStudy(), 'layout', { visibleCount: 9 });
    expect(validateStudyConfig(config)).toMatchObject({ ok: false, problems: [{ path: 'layout.visibleCount' }] });
    const longer = updateSection(smallStudy(), 'layout', { itemsPerRow: 10 });
    const result = validateStudyConfig(longer);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems[0]).toEqual({ path: 'screens[0].rows[0].items', message: 'has 8 items but layout.itemsPerRow is 10' });
  });

  it('rejects a bad imported config naming the field', () => {
    const json = JSON.parse(configToJson(smallStudy())) as Record<string, unknown>;
    (json['layout'] as Record<string, unknown>)['hoverMode'] = 'zoom';
    (json['gaze'] as Record<string, unknown>)['driftCheckEvery'] = 'often';
    const result = parseStudyConfigJson(JSON.stringify(json));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toEqual([
        { path: 'layout.hoverMode', message: 'must be replace, overlay or none' },
        { path: 'gaze.driftCheckEvery', message: 'expected number but got "often"' },
      ]);
    }
    expect(parseStudyConfigJson('{"schemaVersion": 1,')).toMatchObject({ ok: false, problems: [{ path: '(root)' }] });
  });

  it('edits custom questions by index', () => {
    let config = addCustomQuestion(addCustomQuestion(RECGAZE_PRESET));
    expect(config.questionnaires.custom.map((q) => q.id)).toEqual(['custom_1', 'custom_2']);
    config = updateCustomQuestion(config, 1, { text: 'Age?', type: 'number' });
    config = removeCustomQuestion(config, 0);
    expect(config.questionnaires.custom).toEqual([{ id: 'custom_2', text: 'Age?', type: 'number' }]);
    expect(RECGAZE_PRESET.questionnaires.custom).toEqual([]);
  });
});

describe('ids and duplicates', () => {
  it('slugifies names and avoids taken ids', () => {
    expect(slugify('  Mon Étude #2 ')).toBe('mon-etude-2');
    expect(slugify('!!!')).toBe('study');
    expect(uniqueId('pilot', taken)).toBe('pilot-2');
    expect(uniqueId('pilot', new Set([...taken, 'pilot-2']))).toBe('pilot-3');
  });

  it('duplicates deep-copied with a fresh id', () => {
    const original = smallStudy();
    const copy = duplicateStudy(original, new Set([...taken, original.id]));
    expect(copy.id).toBe('small-study-copy');
    expect(copy.name).toBe('Small Study (copy)');
    copy.screens[0]!.rows[0]!.items[0] = 999;
    expect(original.screens[0]!.rows[0]!.items[0]).not.toBe(999);
  });
});

describe('participantLink()', () => {
  it('builds the participant URL with optional id and gaze source', () => {
    expect(participantLink('http://localhost:4173', 'small-study')).toBe('http://localhost:4173/?study=small-study');
    expect(participantLink('https://lab.example', 'https://lab.example/s.json', { participant: 'P 1', gaze: 'mouse' })).toBe(
      'https://lab.example/?study=https%3A%2F%2Flab.example%2Fs.json&participant=P+1&gaze=mouse',
    );
  });
});

describe('plannedAssignments()', () => {
  it('alternates block order over sequential ids when counterbalanced', () => {
    const plan = plannedAssignments({ site: 'LAB', blockOrder: 'counterbalanced' }, 1, 4);
    expect(plan.map((a) => a.participantId)).toEqual(['LAB_1', 'LAB_2', 'LAB_3', 'LAB_4']);
    expect(plan.filter((a) => a.firstTask === 'Free_browsing')).toHaveLength(2);
    expect(new Set(plannedAssignments({ site: 'LAB', blockOrder: 'search_first' }, 1, 3).map((a) => a.firstTask))).toEqual(
      new Set(['Semi_free_direct_search']),
    );
  });
});

describe('generatorSpecFor()', () => {
  it('reads row labels and screen counts from a config', () => {
    const spec = generatorSpecFor(RECGAZE_PRESET, 9);
    expect(spec.rows).toHaveLength(10);
    expect(spec.seed).toBe(9);
    expect([spec.practice, spec.free.count, spec.semi.count, spec.direct.count]).toEqual(['generate', 30, 5, 5]);
  });
});

describe('presetGeneratorSpec()', () => {
  it('regenerates a preset’s screens as published (renumbered 1..N)', () => {
    const recgaze = (catalogueJson as { items: CatalogueItem[] }).items;
    const result = generateScreens(presetGeneratorSpec(PILOT_PRESET, 5), PILOT_PRESET.layout, recgaze, RECGAZE_PRESET.screens);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.screens.map((s) => s.taskId)).toEqual([1, 2, 3]);
      expect(result.screens.map(({ taskId: _t, ...rest }) => rest)).toEqual(PILOT_PRESET.screens.map(({ taskId: _t, ...rest }) => rest));
    }
  });
});

describe('withConsent()', () => {
  it('sets the consent text and removes it when emptied', () => {
    const withText = withConsent(PILOT_PRESET, 'Approved by the ethics board (ref 42).');
    expect(withText.questionnaires.consent).toBe('Approved by the ethics board (ref 42).');
    expect('consent' in withConsent(withText, '  ').questionnaires).toBe(false);
    expect(validateStudyConfig(withConsent(withText, '')).ok).toBe(true);
  });
});
