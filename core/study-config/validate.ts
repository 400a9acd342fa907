import * as v from 'valibot';
import { CONFIG_LIMITS } from './limits.ts';
import { StudyConfigSchema, type StudyConfig } from './schema.ts';

/** Longest config JSON text accepted (see limits.ts). */
export const MAX_CONFIG_JSON_CHARS = CONFIG_LIMITS.configJsonChars;

export interface ConfigProblem {
  /** Dotted path to the field, e.g. `screens[2].rows[0].items`. */
  path: string;
  message: string;
}

export type ConfigResult = { ok: true; config: StudyConfig } | { ok: false; problems: ConfigProblem[] };

export function formatPath(path: v.IssuePathItem[] | undefined): string {
  if (!path || path.length === 0) return '(root)';
  let out = '';
  for (const item of path) {
    const key = item.key;
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

export function describeIssue(issue: v.BaseIssue<unknown>): string {
  if (issue.kind === 'schema' && issue.type !== 'literal' && issue.type !== 'picklist' && issue.type !== 'variant') {
    if (issue.input === undefined) return `is missing (expected ${issue.expected ?? 'a value'})`;
    return `expected ${issue.expected ?? '?'} but got ${issue.received}`;
  }
  return issue.message;
}

/** Checks what a schema cannot: sizes that must agree and references that must exist. */
export function checkConsistency(config: StudyConfig, knownItemIds?: ReadonlySet<number>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const { layout } = config;
  const add = (path: string, message: string) => problems.push({ path, message });
  if (layout.visibleCount > layout.itemsPerRow) {
    add('layout.visibleCount', `is ${layout.visibleCount} but a row only has ${layout.itemsPerRow} items`);
  }
  if (layout.pageStep > layout.itemsPerRow) {
    add('layout.pageStep', `is ${layout.pageStep} but a row only has ${layout.itemsPerRow} items`);
  }
  const itemIds = knownItemIds ?? (config.catalogue.kind === 'inline' ? new Set(config.catalogue.items.map((i) => i.id)) : undefined);
  if (config.catalogue.kind === 'inline') {
    const seen = new Set<number>();
    config.catalogue.items.forEach((item, i) => {
      if (seen.has(item.id)) add(`catalogue.items[${i}].id`, `duplicate id ${item.id}`);
      seen.add(item.id);
    });
  }
  const taskIds = new Set<number>();
  config.screens.forEach((screen, s) => {
    const at = `screens[${s}]`;
    if (taskIds.has(screen.taskId)) add(`${at}.taskId`, `duplicate taskId ${screen.taskId}`);
    taskIds.add(screen.taskId);
    screen.rows.forEach((row, r) => {
      if (row.items.length !== layout.itemsPerRow) {
        add(`${at}.rows[${r}].items`, `has ${row.items.length} items but layout.itemsPerRow is ${layout.itemsPerRow}`);
      }
      if (itemIds) {
        const missing = row.items.find((id) => !itemIds.has(id));
        if (missing !== undefined) add(`${at}.rows[${r}].items`, `item ${missing} is not in the catalogue`);
      }
    });
    if (screen.task === 'direct_search') {
      if (!screen.target) add(`${at}.target`, 'a direct-search screen needs a target');
      else {
        const row = screen.rows[screen.target.row - 1];
        if (!row) add(`${at}.target.row`, `row ${screen.target.row} does not exist (screen has ${screen.rows.length})`);
        else if (row.items[screen.target.position - 1] !== screen.target.movieId) {
          add(`${at}.target`, `item ${screen.target.movieId} is not at row ${screen.target.row}, position ${screen.target.position}`);
        }
      }
    }
    if (screen.task === 'semi_free') {
      if (!screen.genre) add(`${at}.genre`, 'a semi-free screen needs the genre to pick from');
      else if (!screen.rows.some((row) => (row.genre ?? row.label) === screen.genre)) {
        add(`${at}.genre`, `no row of this screen has genre "${screen.genre}"`);
      }
    }
  });
  if (!config.screens.some((s) => s.task !== 'practice')) add('screens', 'needs at least one task screen besides practice');
  const { gaze } = config;
  if (gaze.source === 'replay' && !gaze.replayUrl) add('gaze.replayUrl', 'the replay source needs a trace URL');
  return problems;
}

/** Validates an unknown JSON value as a study config; every problem names its field. */
export function validateStudyConfig(input: unknown, knownItemIds?: ReadonlySet<number>): ConfigResult {
  const parsed = v.safeParse(StudyConfigSchema, input, { abortPipeEarly: true });
  if (!parsed.success) {
    return { ok: false, problems: parsed.issues.map((issue) => ({ path: formatPath(issue.path), message: describeIssue(issue) })) };
  }
  const problems = checkConsistency(parsed.output, knownItemIds);
  return problems.length ? { ok: false, problems } : { ok: true, config: parsed.output };
}

/** Parses JSON text; a syntax error is reported as a problem at the root. */
export function parseStudyConfigJson(text: string, knownItemIds?: ReadonlySet<number>): ConfigResult {
  if (text.length > MAX_CONFIG_JSON_CHARS) {
    return {
      ok: false,
      problems: [{ path: '(root)', message: `is ${text.length} characters long; a config may be at most ${MAX_CONFIG_JSON_CHARS}` }],
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, problems: [{ path: '(root)', message: `not valid JSON: ${(err as Error).message}` }] };
  }
  return validateStudyConfig(json, knownItemIds);
}
