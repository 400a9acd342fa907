// The study server as a source of the analysis view: a study's sessions read straight from the
// server's database (no export to download and import), chosen by the study's exclusion rules.
// Runs inside the analysis worker; the login cookie goes along with its same-origin requests.
import type { AnalysisSession } from '../../../analysis/dataset.ts';
import { selectSessions, type SessionSelection } from '../../../core/protocol/lab.ts';
import type { Catalogue } from '../../../core/study-config/schema.ts';
import { sessionToAnalysis } from '../../../format/to-analysis.ts';
import { failureText, ResearchApi } from '../../sync/research-api.ts';
import type { SessionAnswers } from './survey-summary.ts';

export interface ServerSource {
  studyId: string;
  selection: SessionSelection;
  /** Only these sessions of the study (one session's "Open in analysis"). */
  sessionIds?: string[];
}

export interface ServerSessions {
  sessions: AnalysisSession[];
  answers: SessionAnswers[];
  catalogues: Record<string, Catalogue>;
}

/** The sessions a server source names, how many there are first (for the progress), then one by one. */
export async function loadServerSessions(
  source: ServerSource,
  onProgress: (done: number, total: number) => void,
  api = new ResearchApi(),
): Promise<ServerSessions> {
  const list = await api.sessions(source.studyId);
  if (!list.ok) throw new Error(`Study ${source.studyId} on the server: ${failureText(list)}`);
  const chosen = selectSessions([...list.value.sessions].reverse(), source.selection).filter(
    (s) => !source.sessionIds || source.sessionIds.includes(s.id),
  );
  const out: ServerSessions = { sessions: [], answers: [], catalogues: {} };
  onProgress(0, chosen.length);
  for (const [i, s] of chosen.entries()) {
    const data = await api.sessionData(source.studyId, s.id);
    if (!data.ok) throw new Error(`Session ${s.participantId} on the server: ${failureText(data)}`);
    const { record, events } = data.value;
    out.sessions.push(sessionToAnalysis(record, events, 'recorded'));
    out.catalogues[record.id] = record.config.catalogue;
    out.answers.push({ participantId: record.participantId, ...record.answers });
    onProgress(i + 1, chosen.length);
  }
  return out;
}
