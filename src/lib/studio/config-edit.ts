// Named edits of a study config: each takes the old config and returns a new one, so the editor's
// state changes are testable without React.
import type { FirstTask } from '../../../core/records.ts';
import { firstTaskFor, sequentialParticipantId } from '../../../core/study-config/counterbalance.ts';
import type { CatalogueItem, Question, ScreenDef, StudyConfig } from '../../../core/study-config/schema.ts';
import type { GeneratorSpec, RowSpec } from './screen-generation.ts';
import { studyUrl } from '../../../core/routes.ts';

type Section = 'layout' | 'questionnaires' | 'gaze' | 'fixation';

export function updateSection<K extends Section>(config: StudyConfig, section: K, patch: Partial<StudyConfig[K]>): StudyConfig {
  return { ...config, [section]: { ...config[section], ...patch } };
}

export function updateStudy(
  config: StudyConfig,
  patch: Partial<Pick<StudyConfig, 'name' | 'description' | 'site' | 'blockOrder' | 'id'>>,
): StudyConfig {
  return { ...config, ...patch };
}

export function withScreens(config: StudyConfig, screens: ScreenDef[]): StudyConfig {
  return { ...config, screens };
}

export function withInlineCatalogue(config: StudyConfig, items: CatalogueItem[]): StudyConfig {
  return { ...config, catalogue: { kind: 'inline', items } };
}

export function withBuiltinCatalogue(config: StudyConfig): StudyConfig {
  return { ...config, catalogue: { kind: 'builtin', id: 'recgaze' } };
}

/** Consent text; empty means the app's default text. */
export function withConsent(config: StudyConfig, text: string): StudyConfig {
  const { consent: _old, ...rest } = config.questionnaires;
  return { ...config, questionnaires: text.trim() ? { ...rest, consent: text } : rest };
}

export function addCustomQuestion(config: StudyConfig): StudyConfig {
  const ids = new Set(config.questionnaires.custom.map((q) => q.id));
  let n = config.questionnaires.custom.length + 1;
  while (ids.has(`custom_${n}`)) n++;
  const question: Question = { id: `custom_${n}`, text: 'New question', type: 'text' };
  return updateSection(config, 'questionnaires', { custom: [...config.questionnaires.custom, question] });
}

export function updateCustomQuestion(config: StudyConfig, index: number, patch: Partial<Question>): StudyConfig {
  const custom = config.questionnaires.custom.map((q, i) => (i === index ? { ...q, ...patch } : q));
  return updateSection(config, 'questionnaires', { custom });
}

export function removeCustomQuestion(config: StudyConfig, index: number): StudyConfig {
  return updateSection(config, 'questionnaires', { custom: config.questionnaires.custom.filter((_, i) => i !== index) });
}

/** `My Study #2` → `my-study-2` (the schema's id pattern). */
export function slugify(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'study';
}

/** `base`, or `base-2`, `base-3`, … whichever is not taken (built-in preset ids count as taken). */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}

/** A new editable study from a preset (deep copy, fresh id). */
export function studyFromPreset(preset: StudyConfig, name: string, taken: ReadonlySet<string>): StudyConfig {
  const copy = structuredClone(preset);
  return { ...copy, id: uniqueId(slugify(name), taken), name };
}

export function duplicateStudy(config: StudyConfig, taken: ReadonlySet<string>): StudyConfig {
  const name = `${config.name} (copy)`;
  return { ...structuredClone(config), id: uniqueId(`${config.id}-copy`, taken), name };
}

export function configToJson(config: StudyConfig): string {
  return `${JSON.stringify(config, null, 2)}\n`;
}

export interface LinkOptions {
  /** Empty: the app assigns `<site>_<n>` sequentially on this machine. */
  participant?: string;
  gaze?: 'webgazer' | 'worker' | 'mouse' | 'replay' | 'simulated' | '';
}

/** Participant link `/?study=<id>&participant=…&gaze=…` on the app's origin. */
export function participantLink(origin: string, study: string, options: LinkOptions = {}): string {
  return studyUrl({ study, participant: options.participant, gaze: options.gaze }, origin);
}

export interface Assignment {
  participantId: string;
  firstTask: FirstTask;
}

/** The block order the next `count` sequential participants will get (`<site>_<from>` onward). */
export function plannedAssignments(config: Pick<StudyConfig, 'site' | 'blockOrder'>, from: number, count: number): Assignment[] {
  return Array.from({ length: count }, (_, i) => {
    const participantId = sequentialParticipantId(config.site, from + i);
    return { participantId, firstTask: firstTaskFor(participantId, config.blockOrder) };
  });
}

/** A generator spec that reproduces the shape of an existing config (its row labels, screen counts). */
export function generatorSpecFor(config: StudyConfig, seed = 1): GeneratorSpec {
  const first = config.screens.find((s) => s.task !== 'practice') ?? config.screens[0];
  const rows: RowSpec[] = (first?.rows ?? []).map((r) => (r.genre ? { label: r.label, genre: r.genre } : { label: r.label }));
  const count = (task: ScreenDef['task']) => config.screens.filter((s) => s.task === task).length;
  const source = (n: number) => (n > 0 ? ('generate' as const) : ('none' as const));
  return {
    seed,
    rows,
    practice: source(count('practice')),
    free: { source: source(count('free_browsing')), count: Math.max(1, count('free_browsing')) },
    semi: { source: source(count('semi_free')), count: Math.max(1, count('semi_free')) },
    direct: { source: source(count('direct_search')), count: Math.max(1, count('direct_search')), targets: 'sampled', chosen: [] },
  };
}

/** For a study started from a preset: take every task type's screens from the preset as published. */
export function presetGeneratorSpec(preset: StudyConfig, seed: number): GeneratorSpec {
  const spec = generatorSpecFor(preset, seed);
  const fixed = <T extends { source: string }>(s: T): T => (s.source === 'generate' ? { ...s, source: 'preset' } : s);
  return {
    ...spec,
    practice: spec.practice === 'generate' ? 'preset' : spec.practice,
    free: fixed(spec.free),
    semi: fixed(spec.semi),
    direct: fixed(spec.direct),
  };
}
