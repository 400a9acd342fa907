// Reads a zip back: our own exports (session.json + raw events → the sessions exactly as recorded)
// or a zip of the original RecGaze CSV files. Pure and synchronous, so the analysis CLI can use it
// in Node.
import { strFromU8, unzipSync } from 'fflate';
import type { AnalysisDataset } from '../analysis/dataset.ts';
import type { RecordedEventKind } from '../core/events.ts';
import type { SessionRecord } from '../core/records.ts';
import { validateStudyConfig } from '../core/study-config/validate.ts';
import type { StudyConfig } from '../core/study-config/schema.ts';
import { importError, parseJsonFile } from './import-error.ts';
import { readRecGazeFiles } from './recgaze-import.ts';
import { EXPORT_TYPE, EXPORT_VERSION, RAW_EVENTS_READABLE, RAW_EVENTS_TYPE, type ExportEnvelope } from './envelope.ts';
import type { ScreenEvents } from './exporter.ts';
import { FILES } from './recgaze-columns.ts';
import { decodeScreen, type EncodedScreen } from './raw-events.ts';
import { sessionToAnalysis } from './to-analysis.ts';

export interface ExportSource {
  session: SessionRecord;
  events: ScreenEvents;
}

export interface ReadExport {
  envelope: ExportEnvelope;
  sources: ExportSource[];
}

const EVENT_KINDS: ReadonlySet<RecordedEventKind> = new Set([
  'gaze',
  'cursor',
  'click',
  'wheel',
  'scroll',
  'swipe',
  'swipe-end',
  'hover',
  'layout',
  'selection',
  'resume',
  'visibility',
]);

export type FileMap = Record<string, Uint8Array>;

export function unzipFiles(bytes: Uint8Array, name = 'export.zip'): FileMap {
  try {
    return unzipSync(bytes);
  } catch (e) {
    throw importError(name, `not a readable zip file (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** Files of a zip keyed by their base name when the zip wraps them in one folder. */
function findFile(files: FileMap, name: string): string | undefined {
  if (files[name]) return name;
  return Object.keys(files).find((k) => k.endsWith(`/${name}`));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkEnvelope(json: unknown, file: string): ExportEnvelope {
  if (!isObject(json)) throw importError(file, 'must be a JSON object');
  if (json.type !== EXPORT_TYPE) throw importError(file, `"type" must be "${EXPORT_TYPE}", got ${JSON.stringify(json.type)}`);
  if (json.version !== EXPORT_VERSION)
    throw importError(file, `"version" ${JSON.stringify(json.version)} is not supported (expected ${EXPORT_VERSION})`);
  if (!Array.isArray(json.studies)) throw importError(file, '"studies" must be an array');
  if (!Array.isArray(json.sessions)) throw importError(file, '"sessions" must be an array');
  json.studies.forEach((study, i) => {
    const r = validateStudyConfig(study);
    if (!r.ok) throw importError(file, `studies[${i}].${r.problems[0]!.path}: ${r.problems[0]!.message}`);
  });
  json.sessions.forEach((s, i) => {
    const where = `sessions[${i}]`;
    if (!isObject(s) || !isObject(s.record)) throw importError(file, `${where}.record must be an object`);
    const r = s.record;
    for (const key of ['id', 'participantId', 'studyId'] as const)
      if (typeof r[key] !== 'string' || !r[key]) throw importError(file, `${where}.record.${key} must be a non-empty string`);
    for (const key of ['answers', 'selections', 'screens', 'quality', 'environment'] as const)
      if (!isObject(r[key])) throw importError(file, `${where}.record.${key} must be an object`);
    if (typeof s.studyIndex !== 'number' || !(s.studyIndex in (json.studies as unknown[])))
      throw importError(file, `${where}.studyIndex does not point at a study`);
    if (typeof s.rawEvents !== 'string') throw importError(file, `${where}.rawEvents must name the raw event file`);
  });
  return json as unknown as ExportEnvelope;
}

/** raw/events.jsonl → events per session and screen; each line is validated and decoded. */
function readRawLines(text: string, file: string): Map<string, ScreenEvents> {
  const out = new Map<string, ScreenEvents>();
  const lines = text.split('\n');
  lines.forEach((lineText, i) => {
    if (!lineText.trim()) return;
    const line = i + 1;
    const fail = (problem: string): never => {
      throw importError(file, problem, line);
    };
    let json: unknown;
    try {
      json = JSON.parse(lineText);
    } catch (e) {
      fail(`invalid JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!isObject(json) || json.type !== RAW_EVENTS_TYPE) fail(`must be a raw event line ("type": "${RAW_EVENTS_TYPE}")`);
    const o = json as Record<string, unknown>;
    if (!(RAW_EVENTS_READABLE as readonly unknown[]).includes(o.version))
      fail(`raw event version ${JSON.stringify(o.version)} is not supported (expected one of ${RAW_EVENTS_READABLE.join(', ')})`);
    if (typeof o.sessionId !== 'string' || !isObject(o.screen) || typeof o.screen.taskId !== 'number')
      fail('needs "sessionId" and a "screen" with a numeric "taskId"');
    const screen = o.screen as Record<string, unknown>;
    const events = decodeScreen(screen as unknown as EncodedScreen, (p) => fail(`screen ${String(screen.taskId)}: ${p}`));
    events.forEach((e, j) => {
      if (!isObject(e) || !EVENT_KINDS.has(e.kind as RecordedEventKind) || typeof e.t !== 'number')
        fail(`screen ${String(screen.taskId)}: event ${j} is not a recorded event (needs a known "kind" and a numeric "t")`);
    });
    let bySession = out.get(o.sessionId as string);
    if (!bySession) out.set(o.sessionId as string, (bySession = new Map()));
    if (bySession.has(screen.taskId as number)) fail(`screen ${String(screen.taskId)} of session ${String(o.sessionId)} appears twice`);
    bySession.set(screen.taskId as number, events);
  });
  return out;
}

/** Our export → the session records and events it was made from (validated; throws ImportError). */
export function readExportSources(files: FileMap): ReadExport {
  const envPath = findFile(files, FILES.session);
  if (!envPath) throw importError('export.zip', `has no ${FILES.session}`);
  const prefix = envPath.slice(0, envPath.length - FILES.session.length);
  const envelope = checkEnvelope(parseJsonFile(strFromU8(files[envPath]!), envPath), envPath);
  const rawByPath = new Map<string, Map<string, ScreenEvents>>();
  const sources = envelope.sessions.map((s): ExportSource => {
    const path = prefix + s.rawEvents;
    let raw = rawByPath.get(path);
    if (!raw) {
      const bytes = files[path];
      if (!bytes) throw importError(envPath, `names ${s.rawEvents} for session ${s.record.id}, but the zip has no such file`);
      raw = readRawLines(strFromU8(bytes), path);
      rawByPath.set(path, raw);
    }
    const config = envelope.studies[s.studyIndex] as StudyConfig;
    return { session: { ...s.record, config } as SessionRecord, events: raw.get(s.record.id) ?? new Map() };
  });
  return { envelope, sources };
}

export function isOwnExport(files: FileMap): boolean {
  return findFile(files, FILES.session) !== undefined;
}

/** Our export (session.json) or the original RecGaze CSVs (summary_feedback.csv), zipped or in a folder. */
export function isReadableExport(files: FileMap): boolean {
  return isOwnExport(files) || findFile(files, FILES.summary) !== undefined;
}

/**
 * The files of a supported export (ours or the original RecGaze CSVs), from a zip or a folder, →
 * the analysis library's input. `name` names the source in error messages.
 */
export function readExportFiles(files: FileMap, name = 'export.zip'): AnalysisDataset {
  if (isOwnExport(files)) {
    const { sources } = readExportSources(files);
    return { sessions: sources.map((s) => sessionToAnalysis(s.session, s.events, 'imported-export')) };
  }
  if (!isReadableExport(files))
    throw importError(name, `has neither ${FILES.session} (an export of this app) nor ${FILES.summary} (the RecGaze dataset)`);
  const texts: Record<string, string> = {};
  // Our own exports' CSVs sit at the top; files of the same name in sub-folders (BIDS) are not RecGaze tables.
  for (const [k, v] of Object.entries(files)) {
    const base = k.slice(k.lastIndexOf('/') + 1);
    if (k.endsWith('.csv') && !(base in texts)) texts[base] = strFromU8(v);
  }
  return readRecGazeFiles(texts);
}

/** Any supported zip (ours or the original RecGaze files) → the analysis library's input. */
export function readExportZip(bytes: Uint8Array, name = 'export.zip'): AnalysisDataset {
  return readExportFiles(unzipFiles(bytes, name), name);
}
