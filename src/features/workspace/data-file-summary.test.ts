import { describe, expect, it } from 'vitest';
import { mergeSummary } from './data-file-summary.ts';

describe('mergeSummary', () => {
  it('says what was added, what was there, what was refused, and what happened to the record', () => {
    const base = {
      sessionId: 's',
      participantId: 'P_7',
      created: false,
      added: 1200,
      addedEvents: 35_012,
      already: 1,
      refused: [],
      status: 'completed' as const,
    };
    expect(mergeSummary({ ...base, record: { taken: true, fileRevision: 9, serverRevision: 9 } })).toBe(
      "Participant P_7: 1,200 chunks added (35,012 events), 1 already on the server. The file's session record (revision 9) replaced the server's. The session is complete.",
    );
    expect(
      mergeSummary({
        ...base,
        created: true,
        added: 1,
        addedEvents: 1,
        already: 0,
        refused: [{ taskId: 31, seq: 4, message: 'screen 2 of 3 (taskId 31), chunk 4 differs from the chunk the server already holds' }],
        status: 'active',
        record: { taken: false, fileRevision: 3, serverRevision: 4 },
      }),
    ).toBe(
      "Participant P_7: the server did not know this session, so it was created from the file. 1 chunk added (1 event), 0 already on the server. 1 chunk of the file was refused and left out: screen 2 of 3 (taskId 31), chunk 4 differs from the chunk the server already holds. The server's session record (revision 4) is as new or newer than the file's (3) and was kept. The session is not complete yet.",
    );
  });
});
