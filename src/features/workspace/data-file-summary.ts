import type { DataFileMergeResponse } from '../../../core/protocol/data-file.ts';

const n = (count: number, one: string, many = `${one}s`) => `${count.toLocaleString('en')} ${count === 1 ? one : many}`;

/** What adding a participant's data file did, in the researcher's words. */
export function mergeSummary(r: DataFileMergeResponse): string {
  const where = r.created
    ? `Participant ${r.participantId}: the server did not know this session, so it was created from the file.`
    : `Participant ${r.participantId}:`;
  const chunks = `${n(r.added, 'chunk')} added (${n(r.addedEvents, 'event')}), ${r.already.toLocaleString('en')} already on the server.`;
  const record =
    r.record.fileRevision === null
      ? 'The file had no session record.'
      : r.record.taken
        ? `The file's session record (revision ${r.record.fileRevision}) replaced the server's.`
        : `The server's session record (revision ${r.record.serverRevision}) is as new or newer than the file's (${r.record.fileRevision}) and was kept.`;
  const refused = r.refused.length
    ? ` ${n(r.refused.length, 'chunk')} of the file ${r.refused.length === 1 ? 'was' : 'were'} refused and left out: ${r.refused.map((x) => x.message).join('; ')}.`
    : '';
  return `${where} ${chunks}${refused} ${record} The session is ${r.status === 'completed' ? 'complete' : 'not complete yet'}.`;
}
