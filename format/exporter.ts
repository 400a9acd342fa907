// Builds the export zip from session records and their recorded events, one session at a time:
// the RecGaze files, our gaze/fixation files, session.json, raw events, pymovements and BIDS files.
// Memory stays bounded by one session's events plus the compressed output.
import { rowAtY, scrollYAt, stateAt } from '../analysis/aoi-mapping.ts';
import { viewportXYToCanvas } from '../analysis/stimulus-space.ts';
import type { LayoutEvent, RecordedEvent } from '../core/events.ts';
import type { SessionRecord } from '../core/records.ts';
import { BIDS_TSV, CSV, csvCell, csvLine, toCsv, type CsvValue, type CsvWriteOptions } from '../core/csv/write.ts';
import type { CatalogueItem, ScreenDef, StudyConfig } from '../core/study-config/schema.ts';
import { deriveScreen, resolveDetector, screenRows, type DerivedScreen } from './derive-screen.ts';
import {
  CONVENTIONS,
  EXPORT_TYPE,
  EXPORT_VERSION,
  measuredScreen,
  RAW_EVENTS_PATH,
  RAW_EVENTS_TYPE,
  RAW_EVENTS_VERSION,
  subjectIdOf,
  summariseCalibration,
  type EnvelopeSession,
  type ExportEnvelope,
  type ResolvedExportOptions,
} from './envelope.ts';
import {
  bidsReadme,
  bidsRun,
  bidsSubjectLabels,
  datasetDescription,
  EVENTS_COLUMNS,
  eventsRows,
  eventsSidecar,
  PARTICIPANTS_COLUMNS,
  PARTICIPANTS_SIDECAR,
  physioEventRows,
  physioEventsSidecar,
  physioSidecar,
  type DatasetInfo,
} from './bids.ts';
import { exportReadme } from './export-readme.ts';
import { genrePrefsFromAnswers } from './genre-prefs.ts';
import { PYMOVEMENTS_COLUMNS, pymovementsExperiment, pymovementsMeta } from './pymovements.ts';
import {
  AOI_DATA_COLUMNS,
  CLICK_FEEDBACK_COLUMNS,
  FILES,
  FIXATIONS_COLUMNS,
  GAZE_SAMPLES_COLUMNS,
  ITEM_FEATURES_COLUMNS,
  README_PATH,
  SUMMARY_FEEDBACK_COLUMNS,
  userFeaturesColumns,
} from './recgaze-columns.ts';
import {
  aoiDataRows,
  clickFeedbackRow,
  hardwareLabel,
  itemFeaturesRows,
  round1,
  seconds,
  summaryRows,
  userFeaturesRow,
} from './recgaze-rows.ts';
import { NumberText } from '../zip/byte-sink.ts';
import { writeScreenJson } from './raw-events.ts';
import { concatChunks, ZipStream, type ZipEntry } from '../zip/zip-stream.ts';

export type ScreenEvents = Map<number, RecordedEvent[]>;

export interface ExportInput {
  sessions: readonly SessionRecord[];
  /** Recorded events of a session by taskId (read lazily, one session at a time). */
  loadEvents(sessionId: string): Promise<ScreenEvents> | ScreenEvents;
  catalogue: ReadonlyMap<number, CatalogueItem>;
  /** Epoch ms stamped into session.json and on every zip entry. */
  createdAt: number;
  appVersion: string;
  /** Called between sessions (progress, yielding to the UI). */
  onProgress?: (done: number, total: number) => void | Promise<void>;
  options?: ExportOptions;
}

export interface ExportOptions {
  /** Guard text cells against spreadsheet formulas (default true); false writes text as it is. */
  formulaGuard?: boolean;
  /** Write the practice screen (TaskID 0) into every file (default false, like the original dataset). */
  includePractice?: boolean;
  /** Authors and licence for the BIDS dataset_description.json. */
  dataset?: DatasetInfo;
}

export function resolveExportOptions(options: ExportOptions = {}): ResolvedExportOptions {
  return { formulaGuard: options.formulaGuard ?? true, includePractice: options.includePractice ?? false };
}

const COMMA = 44;
const TAB = 9;
const CR = 13;
const LF = 10;
const encodeText = (text: string): Uint8Array => new TextEncoder().encode(text);

/** aoi_data.csv writes missing cells empty, as the original file does. */
export const AOI_DATA_DIALECT = { ...CSV, missing: '' };
/** pymovements: lost samples are empty cells (polars reads them as null). */
const PYMOVEMENTS_DIALECT = { ...CSV, missing: '' };

/**
 * A CSV entry of the zip written row by row with the one CSV writer's rules (core/csv/write.ts):
 * numbers go straight into bytes (ByteSink prints them as formatNumber does), other cells through
 * csvCell, so text is guarded and quoted exactly as everywhere else.
 */
export class CsvEntry {
  private readonly entry: ZipEntry;
  private readonly options: CsvWriteOptions;
  private readonly missing: string;
  rows = 0;
  /** `header` null: rows only (one session's share of a study-wide table, see server/export/session-part.ts). */
  constructor(entry: ZipEntry, header: readonly string[] | null, options: CsvWriteOptions) {
    this.entry = entry;
    this.options = options;
    this.missing = (options.dialect ?? CSV).missing;
    if (header) entry.write(csvLine(header, options));
  }
  /** One row, cell by cell as csvLine would write it (numbers straight into bytes, no line string). */
  add(row: readonly CsvValue[]): void {
    const e = this.entry;
    for (let i = 0; i < row.length; i++) {
      if (i) e.char(COMMA);
      const v = row[i];
      if (typeof v === 'number') e.cell(v, this.missing);
      else e.write(csvCell(v, this.options));
    }
    e.char(CR);
    e.char(LF);
    this.rows++;
  }
  /** The sink itself, for rows the caller writes cell by cell (then `countRow`). */
  get sink(): ZipEntry {
    return this.entry;
  }
  countRow(): void {
    this.rows++;
  }
  close(): void {
    this.entry.close();
  }
}

/** Distinct study configs in first-seen order; sessions point at them by index. */
function distinctStudies(sessions: readonly SessionRecord[]): { studies: StudyConfig[]; indexOf: Map<string, number> } {
  const byJson = new Map<string, number>();
  const studies: StudyConfig[] = [];
  const indexOf = new Map<string, number>();
  for (const s of sessions) {
    const key = JSON.stringify(s.config);
    let i = byJson.get(key);
    if (i === undefined) {
      i = studies.length;
      studies.push(s.config);
      byJson.set(key, i);
    }
    indexOf.set(s.id, i);
  }
  return { studies, indexOf };
}

function selectionTaskIds(sessions: readonly SessionRecord[]): number[] {
  const ids = new Set<number>();
  for (const s of sessions) {
    if (!s.config.questionnaires.perSelection) continue;
    for (const sc of s.config.screens) if (sc.task === 'free_browsing' || sc.task === 'semi_free') ids.add(sc.taskId);
  }
  return [...ids].sort((a, b) => a - b);
}

/** Screens written into the tables: all but the practice screen unless it is asked for. */
function exportedScreens(s: SessionRecord, options: ResolvedExportOptions): ScreenDef[] {
  return [...s.config.screens].filter((sc) => options.includePractice || sc.task !== 'practice').sort((a, b) => a.taskId - b.taskId);
}

function envelopeSession(s: SessionRecord, studyIndex: number): EnvelopeSession {
  const { config: _config, ...record } = s;
  return {
    studyIndex,
    subjectId: subjectIdOf(s.id),
    rawEvents: RAW_EVENTS_PATH,
    fixation: resolveDetector(s.config.fixation, measuredScreen(s.calibration)?.pxPerDeg),
    calibrationSummary: summariseCalibration(s.calibration),
    record,
  };
}

export function buildEnvelope(input: Pick<ExportInput, 'sessions' | 'createdAt' | 'appVersion' | 'options'>): ExportEnvelope {
  const { studies, indexOf } = distinctStudies(input.sessions);
  const sessions: EnvelopeSession[] = input.sessions.map((s) => envelopeSession(s, indexOf.get(s.id)!));
  return {
    type: EXPORT_TYPE,
    version: EXPORT_VERSION,
    source: 'carousel-gaze-lab',
    createdAt: new Date(input.createdAt).toISOString(),
    appVersion: input.appVersion,
    options: resolveExportOptions(input.options),
    conventions: CONVENTIONS,
    studies,
    sessions,
  };
}

function writeRecGazeTables(
  zip: ZipStream,
  sessions: readonly SessionRecord[],
  catalogue: ReadonlyMap<number, CatalogueItem>,
  options: ResolvedExportOptions,
): void {
  const csv: CsvWriteOptions = { formulaGuard: options.formulaGuard };
  const clicks = new CsvEntry(zip.open(FILES.click), CLICK_FEEDBACK_COLUMNS, csv);
  for (const s of sessions) {
    const prefs = genrePrefsFromAnswers(s.answers.pre);
    const ids = { userId: s.participantId, subjectId: subjectIdOf(s.id) };
    for (const screen of exportedScreens(s, options)) {
      const sel = s.selections[screen.taskId];
      if (!sel) continue;
      clicks.add(clickFeedbackRow(ids, sel, sel.t, screenRows(screen), prefs, s.answers.perSelection[screen.taskId]));
    }
  }
  clicks.close();

  const items = new CsvEntry(zip.open(FILES.item), ITEM_FEATURES_COLUMNS, csv);
  const seen = new Set<string>();
  for (const s of sessions) {
    for (const screen of exportedScreens(s, options)) {
      const key = `${s.studyId}\u0000${screen.taskId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      for (const row of itemFeaturesRows(screen, catalogue)) items.add(row);
    }
  }
  items.close();

  const taskIds = selectionTaskIds(sessions);
  const users = new CsvEntry(zip.open(FILES.user), userFeaturesColumns(taskIds), csv);
  for (const s of sessions) users.add(userFeaturesRow(s, subjectIdOf(s.id), taskIds));
  users.close();
}

/** The BIDS folder's dataset description, README and participants table with its sidecar. */
function writeBidsDataset(
  zip: ZipStream,
  envelope: ExportEnvelope,
  labels: ReadonlyMap<string, string>,
  info: DatasetInfo,
  csv: CsvWriteOptions,
): void {
  zip.addText(
    'bids/dataset_description.json',
    `${JSON.stringify(datasetDescription(envelope.studies, info, envelope.appVersion), null, 2)}\n`,
  );
  zip.addText('bids/README', bidsReadme(envelope.studies));
  const participants = [...labels].map(([original, label]) => [`sub-${label}`, original]).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
  zip.addText('bids/participants.tsv', toCsv(PARTICIPANTS_COLUMNS, participants, { ...csv, dialect: BIDS_TSV }));
  zip.addText('bids/participants.json', `${JSON.stringify(PARTICIPANTS_SIDECAR, null, 2)}\n`);
}

/** One line of raw/events.jsonl: every recorded event of one screen, compactly encoded (raw-events.ts). */
function writeRawEvents(raw: ZipEntry, sessionId: string, events: ScreenEvents): void {
  const head = `{"type":${JSON.stringify(RAW_EVENTS_TYPE)},"version":${RAW_EVENTS_VERSION},"sessionId":${JSON.stringify(sessionId)},"screen":`;
  for (const taskId of [...events.keys()].sort((a, b) => a - b)) {
    raw.write(head);
    writeScreenJson(raw, taskId, events.get(taskId)!);
    raw.write('}\n');
  }
}

const fmt1 = (v: number | null): CsvValue => (v === null || !Number.isFinite(v) ? null : round1(v));

/** Where one session's share of the study-wide files goes (a study's zip, or a stored session part). */
export interface SessionWriters {
  summary: CsvEntry;
  gaze: CsvEntry;
  fixations: CsvEntry;
  /** raw/events.jsonl. */
  raw: ZipEntry;
  /** aoi_data.csv rows of a screen layout; `key` names the layout (the study's zip writes each key once). */
  aoi(key: string, rows: () => CsvValue[][]): void;
  csv: CsvWriteOptions;
  appVersion: string;
}

/** Where a session's own files go: the zip's deferred entries (ZipStream), or a stored session part. */
export interface SessionFileTarget {
  deferText(filename: string, text: string, level?: 1 | 6): void;
  deferGzip(filename: string, text: string): void;
  deferStream(filename: string, options?: { gzip?: boolean; level?: 1 | 6 }): ZipEntry;
}

interface SessionMeta {
  subjectId: number;
  /** BIDS label of the participant (bidsSubjectLabels). */
  subject: string;
  calibration: ReturnType<typeof summariseCalibration>;
}

function writeScreenGaze(
  w: SessionWriters,
  zip: SessionFileTarget,
  s: SessionRecord,
  meta: SessionMeta,
  d: DerivedScreen,
  pym: ZipEntry,
): void {
  const firstLayout = d.events.find((e): e is LayoutEvent => e.kind === 'layout');
  const viewport = firstLayout?.viewport ?? { ...s.environment.viewport, dpr: s.environment.dpr };
  const gazeEvents = d.events.filter((e) => e.kind === 'gaze');
  const run = bidsRun(meta.subject, meta.subjectId, d.taskId);
  const base = `${run.dir}/${run.prefix}`;
  const physio = zip.deferStream(`${base}_recording-eye1_physio.tsv.gz`, { gzip: true });
  // Hot loop (millions of samples): cells go straight into the entries' bytes, formatted as the
  // CSV writer formats round1(v) / seconds(t) (ByteSink), with the entry's missing-value text.
  const rowHead = encodeText(`${csvCell(s.participantId, w.csv)},${meta.subjectId},${d.taskId},`);
  const pymHead = encodeText(`${d.taskId},`);
  const gz = w.gaze.sink;
  const tail = new Map<string, Uint8Array>();
  const [xText, yText, tText, cellText] = [new NumberText(), new NumberText(), new NumberText(), new NumberText()];
  for (const g of gazeEvents) {
    const state = stateAt(d.timeline, g.t);
    const scrollY = scrollYAt(d.timeline, g.t);
    const valid = g.x !== null && g.y !== null;
    let cx: number | null = null;
    let cy: number | null = null;
    let row: number | null = null;
    let page: number | null = null;
    if (valid && state) {
      const c = viewportXYToCanvas(state, g.x!, g.y!, scrollY);
      cx = c.x;
      cy = c.y;
      row = rowAtY(state, g.y! + scrollY);
      page = row === null ? null : (state.pages[row - 1] ?? null);
    }
    // x, y and t appear in three entries: formatted once each, then copied.
    const x = xText.scaledCell(valid ? Math.round(g.x! * 10) : NaN, 1);
    const y = yText.scaledCell(valid ? Math.round(g.y! * 10) : NaN, 1);
    const t = tText.scaled(Math.round(g.t * 10), 1);
    gz.bytes(rowHead);
    gz.copy(cellText.scaled(Math.round(g.t), 3));
    gz.char(COMMA);
    gz.copy(x);
    gz.char(COMMA);
    gz.copy(y);
    gz.char(COMMA);
    gz.copy(cellText.scaledCell(cx === null ? NaN : Math.round(cx * 10), 1));
    gz.char(COMMA);
    gz.copy(cellText.scaledCell(cy === null ? NaN : Math.round(cy * 10), 1));
    gz.char(COMMA);
    gz.copy(cellText.scaled(Math.round(scrollY * 10), 1));
    gz.char(COMMA);
    gz.cell(row);
    gz.char(COMMA);
    gz.cell(page);
    const key = `${valid ? 1 : 0}\u0000${g.lost ?? ''}\u0000${g.source}`;
    let end = tail.get(key);
    if (!end) tail.set(key, (end = encodeText(`,${valid ? 1 : 0},${csvCell(g.lost ?? null, w.csv)},${csvCell(g.source, w.csv)}\r\n`)));
    gz.bytes(end);
    w.gaze.countRow();
    pym.bytes(pymHead);
    pym.copyFloat(t);
    pym.char(COMMA);
    if (valid) {
      pym.copyFloat(x);
      pym.char(COMMA);
      pym.copyFloat(y);
    } else pym.char(COMMA);
    pym.char(CR);
    pym.char(LF);
    physio.copy(t);
    physio.char(TAB);
    if (valid) {
      physio.copy(x);
      physio.char(TAB);
      physio.copy(y);
    } else physio.write('n/a\tn/a');
    physio.char(LF);
  }
  physio.close();
  const tsv: CsvWriteOptions = { ...w.csv, dialect: BIDS_TSV };
  zip.deferText(
    `${base}_recording-eye1_physio.json`,
    `${JSON.stringify(physioSidecar(s, d.taskId, gazeEvents[0]?.t ?? 0, viewport, meta.calibration, w.appVersion), null, 2)}\n`,
  );
  zip.deferGzip(
    `${base}_recording-eye1_physioevents.tsv.gz`,
    physioEventRows(d.fixations, d.events)
      .map((r) => csvLine(r, tsv))
      .join(''),
  );
  zip.deferText(`${base}_recording-eye1_physioevents.json`, `${JSON.stringify(physioEventsSidecar(), null, 2)}\n`);
  zip.deferText(`${base}_events.tsv`, toCsv(EVENTS_COLUMNS, eventsRows(d.events), tsv));
  zip.deferText(`${base}_events.json`, `${JSON.stringify(eventsSidecar(s, w.appVersion), null, 2)}\n`);
  if (firstLayout) {
    w.aoi(`${hardwareLabel(firstLayout.viewport)}\u0000${s.studyId}\u0000${d.taskId}`, () =>
      aoiDataRows(d.taskId, firstLayout, d.rows, s.config.layout.pageStep, s.config.layout.itemsPerRow),
    );
  }
}

function writeScreenEvents(
  w: SessionWriters,
  s: SessionRecord,
  subjectId: number,
  d: DerivedScreen,
  prefs: ReturnType<typeof genrePrefsFromAnswers>,
): void {
  for (const r of summaryRows({ userId: s.participantId, subjectId }, d, prefs)) w.summary.add(r);
  for (const f of d.fixations) {
    w.fixations.add([
      s.participantId,
      subjectId,
      d.taskId,
      seconds(f.t),
      round1(f.durationMs),
      fmt1(f.cx),
      fmt1(f.cy),
      round1(f.x),
      round1(f.y),
      f.samples,
      f.aoi.type,
      f.aoi.row ?? null,
      f.aoi.type === 'Movie' ? (f.aoi.position ?? null) : null,
      f.aoi.page ?? null,
      f.aoiClosest.type,
      f.aoiClosest.row ?? null,
      f.aoiClosest.type === 'Movie' ? (f.aoiClosest.position ?? null) : null,
    ]);
  }
}

function firstViewport(events: ScreenEvents): LayoutEvent['viewport'] | undefined {
  for (const taskId of [...events.keys()].sort((a, b) => a - b))
    for (const e of events.get(taskId)!) if (e.kind === 'layout') return e.viewport;
  return undefined;
}

export interface ExportHead {
  envelope: ExportEnvelope;
  /** BIDS label of each participant id (bidsSubjectLabels over the exported sessions). */
  labels: ReadonlyMap<string, string>;
  options: ResolvedExportOptions;
  csv: CsvWriteOptions;
}

/** The entries that follow from the session records alone: README, session.json, the RecGaze tables without events, BIDS dataset files. */
export function writeExportHead(zip: ZipStream, input: Omit<ExportInput, 'loadEvents' | 'onProgress'>): ExportHead {
  const envelope = buildEnvelope(input);
  const options = resolveExportOptions(input.options);
  const csv: CsvWriteOptions = { formulaGuard: options.formulaGuard };
  const labels = bidsSubjectLabels(input.sessions.map((s) => s.participantId));
  zip.addText(README_PATH, exportReadme({ envelope, labels }));
  zip.addText(FILES.session, `${JSON.stringify(envelope, null, 1)}\n`);
  writeRecGazeTables(zip, input.sessions, input.catalogue, options);
  writeBidsDataset(zip, envelope, labels, input.options?.dataset ?? {}, csv);
  return { envelope, labels, options, csv };
}

/** Header lines of the study-wide tables (CsvEntry writes them as it opens). */
export const STUDY_TABLES = {
  gaze: { path: FILES.gaze, columns: GAZE_SAMPLES_COLUMNS },
  summary: { path: FILES.summary, columns: SUMMARY_FEEDBACK_COLUMNS },
  fixations: { path: FILES.fixations, columns: FIXATIONS_COLUMNS },
  aoi: { path: FILES.aoi, columns: AOI_DATA_COLUMNS },
} as const;

/**
 * One session's files: its rows of the study-wide tables and raw events (`w`), and its own BIDS runs
 * and pymovements files (`files`). Depends on nothing but the session, its events, its BIDS label
 * and the options, so the server can write it once and keep it (server/export/session-part.ts).
 */
export function writeSessionFiles(
  w: SessionWriters,
  files: SessionFileTarget,
  s: SessionRecord,
  subject: string,
  events: ScreenEvents,
  options: ResolvedExportOptions,
): void {
  const env = envelopeSession(s, 0);
  const meta: SessionMeta = { subjectId: env.subjectId, subject, calibration: env.calibrationSummary };
  const prefs = genrePrefsFromAnswers(s.answers.pre);
  const viewport = firstViewport(events) ?? s.environment.viewport;
  const pymStem = `pymovements/${meta.subject}_${meta.subjectId}`;
  const pymName = (ext: string) => `${pymStem}${ext}`;
  const base = (path: string) => path.slice(path.lastIndexOf('/') + 1);
  files.deferText(pymName('.experiment.json'), `${JSON.stringify(pymovementsExperiment(s, viewport), null, 2)}\n`);
  files.deferText(
    pymName('.meta.json'),
    `${JSON.stringify(pymovementsMeta(s, base(pymName('.csv')), base(pymName('.experiment.json'))), null, 2)}\n`,
  );
  const pym = files.deferStream(pymName('.csv'));
  pym.write(csvLine(PYMOVEMENTS_COLUMNS, { ...w.csv, dialect: PYMOVEMENTS_DIALECT }));
  for (const screen of exportedScreens(s, options)) {
    const recorded = events.get(screen.taskId);
    if (!recorded?.length) continue;
    const d = deriveScreen(screen, recorded, env.fixation, s.selections[screen.taskId], s.config.layout.itemsPerRow);
    writeScreenEvents(w, s, meta.subjectId, d, prefs);
    writeScreenGaze(w, files, s, meta, d, pym);
  }
  pym.close();
  // The raw events keep every recorded screen, the practice screen included (lossless import).
  writeRawEvents(w.raw, s.id, events);
}

/** Streams the whole export into `zip` (the caller owns the ZipStream and calls finish()). */
export async function writeExport(zip: ZipStream, input: ExportInput): Promise<void> {
  const { labels, options, csv } = writeExportHead(zip, input);
  // In this order (zip order): the long entries stream, later ones wait behind the first.
  const gaze = new CsvEntry(zip.openAsync(FILES.gaze), GAZE_SAMPLES_COLUMNS, csv);
  const summary = new CsvEntry(zip.openAsync(FILES.summary), SUMMARY_FEEDBACK_COLUMNS, csv);
  const fixations = new CsvEntry(zip.openAsync(FILES.fixations), FIXATIONS_COLUMNS, csv);
  const aoi = new CsvEntry(zip.open(FILES.aoi, 1), AOI_DATA_COLUMNS, { ...csv, dialect: AOI_DATA_DIALECT });
  const aoiSeen = new Set<string>();
  const w: SessionWriters = {
    gaze,
    summary,
    fixations,
    raw: zip.openAsync(RAW_EVENTS_PATH),
    aoi: (key, rows) => {
      if (aoiSeen.has(key)) return;
      aoiSeen.add(key);
      for (const r of rows()) aoi.add(r);
    },
    csv,
    appVersion: input.appVersion,
  };
  const total = input.sessions.length;
  for (let k = 0; k < total; k++) {
    const s = input.sessions[k]!;
    writeSessionFiles(w, zip, s, labels.get(s.participantId)!, await input.loadEvents(s.id), options);
    await zip.settle();
    await input.onProgress?.(k + 1, total);
  }
  w.gaze.close();
  w.summary.close();
  w.fixations.close();
  aoi.close();
  w.raw.close();
}

/** The export as bytes (Node, tests, the analysis CLI); the browser download streams into a Blob. */
export async function exportToBytes(input: ExportInput): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const zip = new ZipStream((c) => chunks.push(c), new Date(input.createdAt));
  await writeExport(zip, input);
  await zip.finish();
  return concatChunks(chunks);
}
