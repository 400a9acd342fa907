// Command-line analysis: npm run analyze -- <input...> --out <dir> [options]
//   <input>: one or more of: an export .zip (ours, or a zip of the original RecGaze CSV files), an
//            unzipped export folder (session.json + raw/, or the RecGaze CSVs), a *.json
//            AnalysisDataset file, or a folder of *.dataset.json files; the sessions of all inputs
//            are analysed together;
//   --synthetic <P>x<S> instead of inputs generates P participants × S screens.
// Writes every table as CSV and the heatmaps (all screens and one per task type, the task types
// on a shared colour scale) as PNG into --out.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { checkDataset } from '../analysis/dataset-check.ts';
import type { AnalysisDataset } from '../analysis/dataset.ts';
import { composite, stimulusBackdrop } from '../analysis/heatmap-backdrop.ts';
import {
  renderHeatmapRgba,
  sharedScaleMax,
  type HeatmapGrid,
  type HeatmapMode,
  type HeatmapOptions,
  type RgbaImage,
} from '../analysis/heatmap.ts';
import { analyseDataset, heatmapForFilter, type AnalysisFilter, type AoiRule, type PipelineOptions } from '../analysis/pipeline.ts';
import { generateSyntheticDataset } from '../analysis/synthetic.ts';
import { resultTables, resultTablesReadme, toCsv } from '../analysis/tables.ts';
import type { TaskType } from '../core/events.ts';
import { isReadableExport, readExportFiles, unzipFiles, type FileMap } from '../format/read-export.ts';

const USAGE = `usage: npm run analyze -- <export.zip | export folder | dataset.json | folder of *.dataset.json>... --out <dir> [options]
       npm run analyze -- --synthetic <participants>x<screens> --out <dir> [options]
options:
  --out <dir>              output folder (created)            [required]
  --synthetic <P>x<S>      generate a synthetic dataset instead of reading one
  --seconds <s>            synthetic: seconds per screen       [30]
  --seed <n>               synthetic: seed                     [1]
detector options override each session's study settings (our exports carry them; the export's
fixations come from the same settings); without either, the defaults in brackets apply:
  --algorithm idt|ivt      fixation detector                   [idt]
  --dispersion-px <px>     I-DT threshold                      [max(2°, 1.5 × validation accuracy)]
  --velocity <deg/s>       I-VT threshold                      [30]
  --min-duration <ms>      minimum fixation duration           [100]
  --rule strict|closest    AOI label used by the tables        [closest]
  --radius <px>            closest-AOI radius at 1920 px       [60]
  --task <type,...>        only these task types (practice, free_browsing, semi_free, direct_search)
  --participant <id,...>   only these participants
  --max-lost <pct>         drop screens that lost more than this % of gaze samples
  --cell <px>              heatmap cell size in canvas px      [4]
  --sigma <px>             heatmap Gaussian sigma in canvas px [57]
  --mode absolute|participant|count   heatmap weighting        [absolute]
  --raw-text               write text cells without the spreadsheet formula guard`;

const TASK_TYPES: readonly TaskType[] = ['practice', 'free_browsing', 'semi_free', 'direct_search'];

class UsageError extends Error {}

interface Args {
  inputs: string[];
  flags: Map<string, string>;
  rawText: boolean;
}

const VALUE_FLAGS = new Set([
  'out',
  'synthetic',
  'seconds',
  'seed',
  'algorithm',
  'dispersion-px',
  'velocity',
  'min-duration',
  'rule',
  'radius',
  'task',
  'participant',
  'max-lost',
  'cell',
  'sigma',
  'mode',
]);

function parseArgs(argv: string[]): Args {
  const flags = new Map<string, string>();
  const inputs: string[] = [];
  let rawText = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') throw new UsageError('');
    if (a === '--raw-text') rawText = true;
    else if (a.startsWith('--')) {
      const name = a.slice(2);
      if (!VALUE_FLAGS.has(name)) throw new UsageError(`unknown option --${name}`);
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      flags.set(name, v);
    } else inputs.push(a);
  }
  return { flags, inputs, rawText };
}

function num(flags: Map<string, string>, name: string): number | undefined {
  const v = flags.get(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got "${v}"`);
  return n;
}

function choice<T extends string>(flags: Map<string, string>, name: string, allowed: readonly T[]): T | undefined {
  const v = flags.get(name);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got "${v}"`);
  return v as T;
}

function readJsonDataset(file: string): AnalysisDataset {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${e instanceof Error ? e.message : String(e)})`, { cause: e });
  }
  return checkDataset(json, basename(file));
}

/** Every file under a folder, by its path relative to the folder (an unzipped export). */
function readFolderFiles(dir: string, prefix = ''): FileMap {
  const out: FileMap = {};
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) Object.assign(out, readFolderFiles(dir, rel));
    else if (entry.isFile()) out[rel] = new Uint8Array(readFileSync(join(dir, rel)));
  }
  return out;
}

/** One input: a zip, an unzipped export folder, a dataset JSON, or a folder of *.dataset.json files. */
function loadOne(input: string): AnalysisDataset {
  const path = resolve(input);
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new Error(`${input}: no such file or folder`);
  }
  if (st.isDirectory()) {
    const names = readdirSync(path);
    const datasets = names.filter((f) => f.endsWith('.dataset.json')).sort();
    if (datasets.length) return { sessions: datasets.flatMap((f) => readJsonDataset(join(path, f)).sessions) };
    const files = readFolderFiles(path);
    if (isReadableExport(files)) return readExportFiles(files, input);
    throw new Error(
      `${input}: folder is neither an unzipped export (session.json, or the RecGaze CSVs with summary_feedback.csv) nor a folder of *.dataset.json files`,
    );
  }
  if (path.toLowerCase().endsWith('.zip')) return readExportFiles(unzipFiles(new Uint8Array(readFileSync(path)), basename(path)), input);
  if (path.toLowerCase().endsWith('.json')) return readJsonDataset(path);
  throw new Error(`${input}: expected an export .zip or folder, a .json / .dataset.json file, or a folder of them`);
}

async function loadInput(args: Args): Promise<AnalysisDataset> {
  const synth = args.flags.get('synthetic');
  if (synth !== undefined) {
    if (args.inputs.length) throw new UsageError('give either inputs or --synthetic, not both');
    const m = /^(\d+)x(\d+)$/.exec(synth);
    if (!m) throw new UsageError(`--synthetic must look like 87x40 (participants x screens), got "${synth}"`);
    const opts: Parameters<typeof generateSyntheticDataset>[0] = { participants: Number(m[1]), screens: Number(m[2]) };
    const seconds = num(args.flags, 'seconds');
    const seed = num(args.flags, 'seed');
    if (seconds !== undefined) opts.secondsPerScreen = seconds;
    if (seed !== undefined) opts.seed = seed;
    return generateSyntheticDataset(opts).dataset;
  }
  if (!args.inputs.length) throw new UsageError('no input given');
  const sessions: AnalysisDataset['sessions'] = [];
  const from = new Map<string, string>();
  for (const input of args.inputs) {
    for (const s of loadOne(input).sessions) {
      const first = from.get(s.id);
      if (first !== undefined) {
        console.log(`  session ${s.id} (${s.participantId}) is in ${first} and ${input}: kept the first`);
        continue;
      }
      from.set(s.id, input);
      sessions.push(s);
    }
  }
  return { sessions };
}

function writePng(file: string, img: RgbaImage): void {
  const png = new PNG({ width: img.width, height: img.height });
  png.data = Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength);
  writeFileSync(file, PNG.sync.write(png));
}

export async function main(argv: string[]): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
    const out = args.flags.get('out');
    if (!out) throw new UsageError('--out <dir> is required');
    const f = args.flags;
    const options: PipelineOptions = {};
    const algorithm = choice(f, 'algorithm', ['idt', 'ivt'] as const);
    if (algorithm) options.algorithm = algorithm;
    const minDur = num(f, 'min-duration');
    const disp = num(f, 'dispersion-px');
    const vel = num(f, 'velocity');
    options.idt = {};
    options.ivt = {};
    if (minDur !== undefined) options.idt.minDurationMs = options.ivt.minDurationMs = minDur;
    if (disp !== undefined) options.idt.dispersionPx = disp;
    if (vel !== undefined) options.ivt.velocityDegPerS = vel;
    const rule = choice<AoiRule>(f, 'rule', ['strict', 'closest']);
    if (rule) options.aoiRule = rule;
    const radius = num(f, 'radius');
    if (radius !== undefined) options.aoiRadiusPx = radius;
    const filter: AnalysisFilter = {};
    const tasks = f.get('task')?.split(',');
    if (tasks) {
      for (const t of tasks)
        if (!(TASK_TYPES as readonly string[]).includes(t))
          throw new UsageError(`--task: unknown task type "${t}" (use ${TASK_TYPES.join(', ')})`);
      filter.tasks = tasks as TaskType[];
    }
    const participants = f.get('participant')?.split(',');
    if (participants) filter.participants = participants;
    const maxLost = num(f, 'max-lost');
    if (maxLost !== undefined) filter.maxLostPct = maxLost;
    options.filter = filter;
    const heat: HeatmapOptions = { cellPx: num(f, 'cell') ?? 4 };
    const sigma = num(f, 'sigma');
    if (sigma !== undefined) heat.sigmaPx = sigma;
    const mode = choice<HeatmapMode>(f, 'mode', ['absolute', 'participant', 'count']);
    if (mode) heat.mode = mode;
    options.heatmap = heat;

    const t0 = performance.now();
    const dataset = await loadInput(args);
    const screens = dataset.sessions.reduce((n, s) => n + s.screens.length, 0);
    console.log(`read ${dataset.sessions.length} sessions, ${screens} screens (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    const run = analyseDataset(dataset, options);
    if (run.screens.length === 0) throw new Error('no screen passed the filters: nothing to analyse');
    console.log(
      `analysed ${run.screens.length} screens, ${run.samples.toLocaleString('en')} gaze samples, ${run.fixations.length.toLocaleString('en')} fixations (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );

    const dir = resolve(out);
    mkdirSync(dir, { recursive: true });
    const tables = resultTables(run);
    writeFileSync(join(dir, 'README.md'), resultTablesReadme(tables, !args.rawText));
    for (const table of tables) {
      writeFileSync(join(dir, `${table.name}.csv`), toCsv(table, { formulaGuard: !args.rawText }));
      console.log(`  ${table.name}.csv (${table.rows.length} rows)`);
    }
    const backdrop = stimulusBackdrop(run.heatmap.cols, run.heatmap.rows, run.heatmap.cellPx);
    writePng(join(dir, 'heatmap_all.png'), composite(backdrop, renderHeatmapRgba(run.heatmap)));
    console.log('  heatmap_all.png');
    const present = TASK_TYPES.filter((t) => run.screens.some((s) => s.task === t));
    const byTask: [TaskType, HeatmapGrid][] = present.map((t) => [t, heatmapForFilter(run, { ...filter, tasks: [t] }, heat)]);
    const shared = sharedScaleMax(byTask.map(([, g]) => g));
    for (const [t, g] of byTask) {
      writePng(join(dir, `heatmap_${t}.png`), composite(backdrop, renderHeatmapRgba(g, shared)));
      console.log(`  heatmap_${t}.png (shared scale max ${shared.toPrecision(4)})`);
    }
    console.log(`wrote ${dir}`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      if (e.message) console.error(`analyze: ${e.message}`);
      console.error(USAGE);
      return 2;
    }
    console.error(`analyze: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  process.exitCode = await main(process.argv.slice(2));
}
