// Reads a zip back: our own exports (session.json + raw events → the sessions exactly as recorded)
// or a zip of the original RecGaze CSV files. Pure and synchronous, so the analysis CLI can use it
// in Node.
import { strFromU8, unzipSync } from 'fflate';
import type { AnalysisDataset } from '../../../analysis/dataset.ts';
import type { RecordedEventKind } from '../../../analysis/types.ts';
import type { SessionRecord } from '../../db/types.ts';
import { validateStudyConfig } from '../study-config/validate.ts';
import type { StudyConfig } from '../study-config/schema.ts';
import { importError, parseJsonFile } from '../import/import-error.ts';
import { readRecGazeFiles } from '../import/recgaze-import.ts';
import { EXPORT_TYPE, EXPORT_VERSION, RAW_EVENTS_TYPE, type ExportEnvelope } from './envelope.ts';
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

const EVENT_KINDS: ReadonlySet<RecordedEventKind> = new Set(['gaze', 'cursor', 'click', 'wheel', 'scroll', 'swipe', 'hover', 'layout', 'selection', 'resume', 'visibility']);

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
  if (json.version !== EXPORT_VERSION) throw importError(file, `"version" ${JSON.stringify(json.version)} is not supported (expected ${EXPORT_VERSION})`);
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
    for (const key of ['id', 'participantId', 'studyId'] as const) if (typeof r[key] !== 'string' || !r[key]) throw importError(file, `${where}.record.${key} must be a non-empty string`);
    for (const key of ['answers', 'selections', 'screens', 'quality', 'environment'] as const) if (!isObject(r[key])) throw importError(file, `${where}.record.${key} must be an object`);
    if (typeof s.studyIndex !== 'number' || !(s.studyIndex in (json.studies as unknown[]))) throw importError(file, `${where}.studyIndex does not point at a study`);
    if (typeof s.rawEvents !== 'string') throw importError(file, `${where}.rawEvents must name the raw event file`);
  });
  return json as unknown as ExportEnvelope;
}

function checkEvents(json: unknown, file: string, sessionId: string): ScreenEvents {
  if (!isObject(json) || json.type !== RAW_EVENTS_TYPE) throw importError(file, `must be a raw event file ("type": "${RAW_EVENTS_TYPE}")`);
  if (json.sessionId !== sessionId) throw importError(file, `belongs to session ${JSON.stringify(json.sessionId)}, expected ${JSON.stringify(sessionId)}`);
  if (!Array.isArray(json.screens)) throw importError(file, '"screens" must be an array');
  const out: ScreenEvents = new Map();
  json.screens.forEach((sc, i) => {
    const fail = (problem: string): never => {
      throw importError(file, `screens[${i}]: ${problem}`);
    };
    if (!isObject(sc) || typeof sc.taskId !== 'number') fail('must be an object with a numeric taskId');
    const events = decodeScreen(sc as unknown as EncodedScreen, fail);
    events.forEach((e, j) => {
      if (!isObject(e) || !EVENT_KINDS.has(e.kind as RecordedEventKind) || typeof e.t !== 'number') fail(`event ${j} is not a recorded event (needs a known "kind" and a numeric "t")`);
    });
    out.set((sc as { taskId: number }).taskId, events);
  });
  return out;
}

/** Our export → the session records and events it was made from (validated; throws ImportError). */
export function readExportSources(files: FileMap): ReadExport {
  const envPath = findFile(files, FILES.session);
  if (!envPath) throw importError('export.zip', `has no ${FILES.session}`);
  const prefix = envPath.slice(0, envPath.length - FILES.session.length);
  const envelope = checkEnvelope(parseJsonFile(strFromU8(files[envPath]!), envPath), envPath);
  const sources = envelope.sessions.map((s): ExportSource => {
    const path = prefix + s.rawEvents;
    const bytes = files[path];
    if (!bytes) throw importError(envPath, `names ${s.rawEvents} for session ${s.record.id}, but the zip has no such file`);
    const events = checkEvents(parseJsonFile(strFromU8(bytes), path), path, s.record.id);
    const config = envelope.studies[s.studyIndex] as StudyConfig;
    return { session: { ...s.record, config } as SessionRecord, events };
  });
  return { envelope, sources };
}

export function isOwnExport(files: FileMap): boolean {
  return findFile(files, FILES.session) !== undefined;
}

/** Any supported zip (ours or the original RecGaze files) → the analysis library's input. */
export function readExportZip(bytes: Uint8Array): AnalysisDataset {
  const files = unzipFiles(bytes);
  if (isOwnExport(files)) {
    const { sources } = readExportSources(files);
    return { sessions: sources.map((s) => sessionToAnalysis(s.session, s.events, 'imported-export')) };
  }
  const texts: Record<string, string> = {};
  for (const [k, v] of Object.entries(files)) if (k.endsWith('.csv')) texts[k.slice(k.lastIndexOf('/') + 1)] = strFromU8(v);
  return readRecGazeFiles(texts);
}
