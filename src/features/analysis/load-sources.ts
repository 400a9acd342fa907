// Builds the analysis input from the chosen sources: the synthetic demo, sessions recorded in this
// browser (IndexedDB), imported datasets and a study on the study server. Runs inside the worker
// (IndexedDB works there).
import type { AnalysisSession } from '../../../analysis/dataset.ts';
import { generateSyntheticDataset } from '../../../analysis/synthetic.ts';
import { getDataset } from '../../db/datasets.ts';
import { getSession } from '../../db/sessions.ts';
import { recordedSessionColumns } from '../../lib/recorded-columns.ts';
import { sessionToAnalysis } from '../../../format/to-analysis.ts';
import { readImportedData } from '../../lib/import/imported-data.ts';
import type { Catalogue } from '../../../core/study-config/schema.ts';
import type { SessionRecord } from '../../../core/records.ts';
import type { LoadedSources } from './analysis-engine.ts';
import type { SessionAnswers } from './survey-summary.ts';
import { loadServerSessions } from './server-source.ts';
import type { SourceSelection } from './worker-protocol.ts';

/** `onProgress` names the step: generating the demo, or loading stored sessions and datasets. */
export async function loadSources(
  sel: SourceSelection,
  onProgress: (stage: 'generate' | 'load', done: number, total: number) => void,
): Promise<LoadedSources> {
  const sessions: AnalysisSession[] = [];
  const answers: SessionAnswers[] = [];
  const seen = new Set<string>();
  const catalogues: Record<string, Catalogue> = {};
  const total = sel.sessionIds.length + sel.datasetIds.length + (sel.demo ? 1 : 0);
  let done = 0;
  if (sel.demo) {
    onProgress('generate', done, total);
    const { participants, screens, seed, secondsPerScreen } = sel.demo;
    const syn = generateSyntheticDataset(
      secondsPerScreen ? { participants, screens, seed, secondsPerScreen } : { participants, screens, seed },
    );
    for (const s of syn.dataset.sessions) {
      seen.add(s.id);
      sessions.push(s);
    }
    onProgress('load', ++done, total);
  }
  // Sessions are read a few at a time (IndexedDB answers the next request while one is converted).
  const reads = new Map<string, Promise<{ record: SessionRecord; columns: Awaited<ReturnType<typeof recordedSessionColumns>> }>>();
  const read = (id: string) =>
    getSession(id).then(async (record) => {
      if (!record) throw new Error(`Session ${id} is not in this browser's storage`);
      return { record, columns: await recordedSessionColumns(record) };
    });
  const ahead = (i: number) => {
    const id = sel.sessionIds[i];
    if (id === undefined || reads.has(id)) return;
    const p = read(id);
    p.catch(() => undefined); // awaited in turn below; one read ahead failing after an error is not another error
    reads.set(id, p);
  };
  for (let i = 0; i < sel.sessionIds.length; i++) {
    for (let k = i; k < i + 4; k++) ahead(k);
    const id = sel.sessionIds[i]!;
    const { record, columns } = await reads.get(id)!;
    reads.delete(id);
    const s = sessionToAnalysis(record, columns, 'recorded');
    seen.add(s.id);
    sessions.push(s);
    catalogues[s.id] = record.config.catalogue;
    answers.push({ participantId: record.participantId, ...record.answers });
    onProgress('load', ++done, total);
  }
  for (const id of sel.datasetIds) {
    const record = await getDataset(id);
    if (!record) throw new Error(`Imported dataset ${id} is not in this browser's storage`);
    const data = readImportedData(record);
    for (const s of data.dataset.sessions) {
      // the same session recorded here and imported from its export is analysed once
      if (seen.has(s.id)) continue;
      seen.add(s.id);
      sessions.push(s);
      const study = data.envelope?.studies.find((st) => st.id === s.studyId);
      if (study) catalogues[s.id] = study.catalogue;
    }
    for (const es of data.envelope?.sessions ?? []) answers.push({ participantId: es.record.participantId, ...es.record.answers });
    onProgress('load', ++done, total);
  }
  if (sel.server) {
    const server = await loadServerSessions(sel.server, (d, n) => onProgress('load', done + d, total + n));
    for (const s of server.sessions) if (!seen.has(s.id)) sessions.push(s);
    answers.push(...server.answers);
    Object.assign(catalogues, server.catalogues);
  }
  return { dataset: { sessions }, answers, catalogues };
}
