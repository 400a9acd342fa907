import type { CatalogueItem, LayoutSettings, RowDef, ScreenDef } from '../../../core/study-config/schema.ts';
import type { ConfigProblem } from '../../../core/study-config/validate.ts';
import { createRandom, randomInt, shuffled, type Random } from './prng.ts';
import { balancedRowOrders } from './row-orders.ts';

/** One carousel row of generated screens: a genre of the catalogue or a custom topic. */
export interface RowSpec {
  /** Row title as shown. */
  label: string;
  /** Genre the items are drawn from (defaults to the label); also the row's RecGaze genre. */
  genre?: string;
  /** Custom topic: the catalogue ids to draw from instead of a genre. */
  itemIds?: number[];
}

/** Where a task type's screens come from: none, the RecGaze preset as published, or generated. */
export type ScreenSource = 'none' | 'preset' | 'generate';

export interface TaskScreensSpec {
  source: ScreenSource;
  count: number;
}

export interface TargetChoice {
  row: number;
  position: number;
}

export interface DirectScreensSpec extends TaskScreensSpec {
  /** `sampled`: rows and pages balanced by the seed; `chosen`: `chosen[i]` for generated screen i. */
  targets: 'sampled' | 'chosen';
  chosen: TargetChoice[];
}

export interface GeneratorSpec {
  seed: number;
  rows: RowSpec[];
  practice: ScreenSource;
  free: TaskScreensSpec;
  semi: TaskScreensSpec;
  direct: DirectScreensSpec;
}

export type GenerateResult = { ok: true; screens: ScreenDef[] } | { ok: false; problems: ConfigProblem[] };

type Task = ScreenDef['task'];
type Paging = Pick<LayoutSettings, 'itemsPerRow' | 'pageStep'>;

interface Slot {
  task: Task;
  order: string[];
}

const TASK_SPEC_KEYS = { free_browsing: 'free', semi_free: 'semi', direct_search: 'direct' } as const;

function sourceOf(spec: GeneratorSpec, task: Task): { source: ScreenSource; count: number } {
  if (task === 'practice') return { source: spec.practice, count: spec.practice === 'none' ? 0 : 1 };
  const s = spec[TASK_SPEC_KEYS[task]];
  return { source: s.source, count: s.source === 'none' ? 0 : s.count };
}

const TASKS: Task[] = ['practice', 'free_browsing', 'semi_free', 'direct_search'];

function checkSpec(spec: GeneratorSpec, layout: Paging, hasPreset: boolean): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path: `generator.${path}`, message });
  if (!Number.isInteger(spec.seed)) add('seed', 'must be a whole number');
  const generating = TASKS.some((t) => sourceOf(spec, t).source === 'generate');
  if (generating && spec.rows.length === 0) add('rows', 'needs at least one row to generate screens');
  const seen = new Set<string>();
  spec.rows.forEach((row, i) => {
    const label = row.label.trim();
    if (!label) add(`rows[${i}].label`, 'must not be empty');
    else if (seen.has(label)) add(`rows[${i}].label`, `duplicate row label "${label}"`);
    seen.add(label);
    if (row.itemIds && row.itemIds.length === 0) add(`rows[${i}].itemIds`, 'a custom topic needs at least one item id');
  });
  for (const key of ['free', 'semi', 'direct'] as const) {
    const { count, source } = spec[key];
    if (source !== 'none' && (!Number.isInteger(count) || count < 1)) add(`${key}.count`, 'must be a whole number of at least 1');
    if (source === 'preset' && !hasPreset) add(`${key}.source`, 'preset screens need the built-in RecGaze catalogue');
  }
  if (spec.practice === 'preset' && !hasPreset) add('practice', 'preset screens need the built-in RecGaze catalogue');
  if (spec.direct.source === 'generate' && spec.direct.targets === 'chosen') {
    for (let i = 0; i < spec.direct.count; i++) {
      const choice = spec.direct.chosen[i];
      if (!choice) add(`direct.chosen[${i}]`, `direct-search screen ${i + 1} has no chosen target`);
      else if (!Number.isInteger(choice.row) || choice.row < 1 || choice.row > spec.rows.length) {
        add(`direct.chosen[${i}].row`, `must be 1..${spec.rows.length}`);
      } else if (!Number.isInteger(choice.position) || choice.position < 1 || choice.position > layout.itemsPerRow) {
        add(`direct.chosen[${i}].position`, `must be 1..${layout.itemsPerRow}`);
      }
    }
  }
  return problems;
}

/** Preset screens of one task type, cut to the layout's items per row. */
function presetScreensOf(preset: readonly ScreenDef[], task: Task, count: number, itemsPerRow: number): ScreenDef[] {
  return preset
    .filter((s) => s.task === task)
    .slice(0, count)
    .map((s) => ({ ...s, rows: s.rows.map((r) => ({ ...r, items: r.items.slice(0, itemsPerRow) })) }));
}

/**
 * Assigns each label `demand` items from its pool, no item to two labels: a bipartite matching.
 * Labels take free items in pool order (tightest label first); a label left short then takes an
 * item from another label that can replace it (augmenting path), so overlapping genres
 * (Action+Drama…) do not starve whichever label comes last.
 */
function matchItems(
  pools: Map<string, number[]>,
  demand: Map<string, number>,
  used: ReadonlySet<number>,
): { taken: Map<string, number[]>; short: string[] } {
  const owner = new Map<number, string>();
  const count = new Map<string, number>();
  const labels = [...demand.keys()];
  const freeIn = (label: string) => (pools.get(label) ?? []).filter((id) => !used.has(id) && !owner.has(id));
  const slack = (label: string) => freeIn(label).length - (demand.get(label) ?? 0);
  for (const label of [...labels].sort((a, b) => slack(a) - slack(b))) {
    const take = freeIn(label).slice(0, demand.get(label) ?? 0);
    take.forEach((id) => owner.set(id, label));
    count.set(label, take.length);
  }
  const augment = (start: string): boolean => {
    const parent = new Map<string, { from: string; item: number }>();
    const queue = [start];
    const seen = new Set([start]);
    while (queue.length) {
      const label = queue.shift() as string;
      for (const id of pools.get(label) ?? []) {
        if (used.has(id)) continue;
        const holder = owner.get(id);
        if (holder === undefined) {
          owner.set(id, label);
          for (let cur = label; cur !== start;) {
            const step = parent.get(cur) as { from: string; item: number };
            owner.set(step.item, step.from);
            cur = step.from;
          }
          count.set(start, (count.get(start) ?? 0) + 1);
          return true;
        }
        if (!seen.has(holder)) {
          seen.add(holder);
          parent.set(holder, { from: label, item: id });
          queue.push(holder);
        }
      }
    }
    return false;
  };
  const short: string[] = [];
  for (const label of labels) {
    while ((count.get(label) ?? 0) < (demand.get(label) ?? 0)) {
      if (!augment(label)) {
        short.push(label);
        break;
      }
    }
  }
  const taken = new Map<string, number[]>(labels.map((l) => [l, []]));
  for (const label of labels) for (const id of pools.get(label) ?? []) if (owner.get(id) === label) taken.get(label)?.push(id);
  return { taken, short };
}

/**
 * Picks every row's items for the generated slots so that no item appears twice in the study.
 * Each label's items (in catalogue order, i.e. popularity) are dealt round by round to the screens
 * in a seeded order, so no screen gets all the most popular ones.
 */
function allocateItems(
  spec: GeneratorSpec,
  slots: Slot[],
  itemsPerRow: number,
  catalogue: readonly CatalogueItem[],
  used: Set<number>,
  random: Random,
): { items: Map<string, number[][]>; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const known = new Set(catalogue.map((c) => c.id));
  const pools = new Map<string, number[]>();
  spec.rows.forEach((row, i) => {
    if (row.itemIds) {
      const unknown = row.itemIds.find((id) => !known.has(id));
      if (unknown !== undefined)
        problems.push({ path: `generator.rows[${i}].itemIds`, message: `item ${unknown} is not in the catalogue` });
      pools.set(row.label, [...new Set(row.itemIds.filter((id) => known.has(id)))]);
    } else {
      const genre = (row.genre ?? row.label).trim().toLowerCase();
      pools.set(
        row.label,
        catalogue.filter((c) => c.genres.some((g) => g.toLowerCase() === genre)).map((c) => c.id),
      );
    }
  });
  const screensPerLabel = new Map<string, number[]>();
  slots.forEach((slot, s) => {
    for (const label of slot.order) screensPerLabel.set(label, [...(screensPerLabel.get(label) ?? []), s]);
  });
  const demand = new Map([...screensPerLabel].map(([label, screens]) => [label, screens.length * itemsPerRow]));
  const { taken, short } = matchItems(pools, demand, used);
  for (const label of short) {
    const i = spec.rows.findIndex((r) => r.label === label);
    const screens = screensPerLabel.get(label)?.length ?? 0;
    const need = screens * itemsPerRow;
    const unused = (pools.get(label) ?? []).filter((id) => !used.has(id)).length;
    problems.push({
      path: `generator.rows[${i}]`,
      message:
        unused < need
          ? `"${label}" has ${unused} unused catalogue items but ${screens} screens × ${itemsPerRow} items need ${need}`
          : `"${label}" shares its ${unused} items with other rows, and together they are too few for ${screens} screens × ${itemsPerRow} items`,
    });
  }
  if (problems.length) return { items: new Map(), problems };
  const items = new Map<string, number[][]>();
  for (const [label, screens] of screensPerLabel) {
    const chosen = taken.get(label) ?? [];
    chosen.forEach((id) => used.add(id));
    const perScreen: number[][] = screens.map(() => []);
    for (let round = 0; round < itemsPerRow; round++) {
      const order = shuffled(
        screens.map((_, i) => i),
        random,
      );
      order.forEach((screenIndex, k) => perScreen[screenIndex]?.push(chosen[round * screens.length + k] as number));
    }
    const byScreen: number[][] = [];
    screens.forEach((slotIndex, i) => (byScreen[slotIndex] = perScreen[i] ?? []));
    items.set(label, byScreen);
  }
  return { items, problems };
}

/** Cycles through 0..n−1 in shuffled rounds, so every value is used equally often (±1). */
function balancedCycle(n: number, length: number, random: Random): number[] {
  const out: number[] = [];
  while (out.length < length) out.push(...shuffled([...Array(n).keys()], random).slice(0, length - out.length));
  return out;
}

/** Direct-search targets spread evenly over rows and pages; the position inside a page is random. */
export function sampleTargets(count: number, rowCount: number, layout: Paging, random: Random): TargetChoice[] {
  const pages = Math.ceil(layout.itemsPerRow / layout.pageStep);
  const rows = balancedCycle(rowCount, count, random);
  const pageList = balancedCycle(pages, count, random);
  return rows.map((row, i) => {
    const first = (pageList[i] ?? 0) * layout.pageStep;
    const span = Math.min(layout.pageStep, layout.itemsPerRow - first);
    return { row: row + 1, position: first + randomInt(random, span) + 1 };
  });
}

function trimRow(row: RowSpec): RowSpec {
  const out: RowSpec = { ...row, label: row.label.trim() };
  if (row.genre !== undefined) out.genre = row.genre.trim();
  if (!out.genre) delete out.genre;
  return out;
}

/**
 * Builds the screens of a study: practice (taskId 0), then free browsing, semi-free and direct
 * search, numbered 1..N in that order. Preset screens are copied (cut to `itemsPerRow`); generated
 * screens get position-balanced row orders and items no other screen uses.
 */
export function generateScreens(
  spec: GeneratorSpec,
  layout: Paging,
  catalogue: readonly CatalogueItem[],
  presetScreens?: readonly ScreenDef[],
): GenerateResult {
  spec = { ...spec, rows: spec.rows.map(trimRow) };
  const problems = checkSpec(spec, layout, presetScreens !== undefined);
  if (problems.length) return { ok: false, problems };
  const master = createRandom(spec.seed);
  const subSeed = () => Math.floor(master() * 4294967296);
  const labels = spec.rows.map((r) => r.label);
  const used = new Set<number>();
  const fixed = new Map<Task, ScreenDef[]>();
  const slots: Slot[] = [];
  for (const task of TASKS) {
    const { source, count } = sourceOf(spec, task);
    const seed = subSeed();
    if (source === 'preset' && presetScreens) {
      const screens = presetScreensOf(presetScreens, task, count, layout.itemsPerRow);
      if (screens.length < count) {
        problems.push({
          path: `generator.${task === 'practice' ? 'practice' : TASK_SPEC_KEYS[task]}.count`,
          message: `the preset has only ${screens.length} ${task} screens`,
        });
      }
      screens.forEach((s) => s.rows.forEach((r) => r.items.forEach((id) => used.add(id))));
      fixed.set(task, screens);
    } else if (source === 'generate') {
      for (const order of balancedRowOrders(labels, count, seed)) slots.push({ task, order });
    }
  }
  if (problems.length) return { ok: false, problems };
  const random = createRandom(subSeed());
  const allocation = allocateItems(spec, slots, layout.itemsPerRow, catalogue, used, random);
  if (allocation.problems.length) return { ok: false, problems: allocation.problems };

  const specByLabel = new Map(spec.rows.map((r) => [r.label, r]));
  const generated = slots.map((slot, s): ScreenDef => {
    const rows = slot.order.map((label): RowDef => {
      const rowSpec = specByLabel.get(label);
      const items = allocation.items.get(label)?.[s] ?? [];
      return rowSpec?.genre ? { label, genre: rowSpec.genre, items } : { label, items };
    });
    return { taskId: 0, task: slot.task, rows };
  });

  const semi = generated.filter((s) => s.task === 'semi_free');
  balancedCycle(labels.length, semi.length, random).forEach((i, k) => {
    const screen = semi[k];
    const row = spec.rows[i];
    if (screen && row) screen.genre = row.genre ?? row.label;
  });
  const direct = generated.filter((s) => s.task === 'direct_search');
  const targets =
    spec.direct.targets === 'chosen'
      ? spec.direct.chosen.slice(0, direct.length)
      : sampleTargets(direct.length, labels.length, layout, random);
  direct.forEach((screen, k) => {
    const target = targets[k];
    const movieId = target && screen.rows[target.row - 1]?.items[target.position - 1];
    if (target && movieId !== undefined) screen.target = { row: target.row, position: target.position, movieId };
  });

  const screens: ScreenDef[] = [];
  for (const task of TASKS) screens.push(...(fixed.get(task) ?? []), ...generated.filter((s) => s.task === task));
  let next = 1;
  for (const screen of screens) screen.taskId = screen.task === 'practice' ? 0 : next++;
  return { ok: true, screens };
}
