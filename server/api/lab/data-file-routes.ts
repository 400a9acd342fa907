import type { FastifyInstance } from 'fastify';
import { DATA_FILE_CONTENT_TYPE, DATA_FILE_LIMITS, dataFileStudyProblem, readDataFile } from '../../../core/protocol/data-file.ts';
import type { ApiContext } from '../context.ts';
import { refuse } from '../errors.ts';
import { studyFor } from './guard.ts';
import { mergeDataFile } from './merge-data-file.ts';

/** A participant's data file (downloaded when the server could not be reached), added to its study. */
export function registerLabDataFileRoutes(lab: FastifyInstance, ctx: ApiContext): void {
  lab.post<{ Params: { study: string } }>('/studies/:study/data-files', { bodyLimit: DATA_FILE_LIMITS.fileBytes }, async (request) => {
    const { studyId, researcher } = await studyFor(ctx, request);
    if (!Buffer.isBuffer(request.body)) throw refuse(415, 'content-type', `must be ${DATA_FILE_CONTENT_TYPE} (the file's bytes)`);
    const read = await readDataFile(new Uint8Array(request.body.buffer, request.body.byteOffset, request.body.byteLength));
    if (!read.ok) throw refuse(422, 'file', read.message);
    const other = dataFileStudyProblem(read.file, studyId);
    if (other) throw refuse(422, 'file', other);
    const merged = await mergeDataFile(ctx.pool, studyId, researcher, read.file, request.log);
    request.log.info({ study: studyId, session: merged.sessionId, added: merged.added, already: merged.already }, 'data file added');
    // A session the file completes gets its export part now, as a completion request would give it.
    if (merged.status === 'completed') ctx.parts.enqueue(merged.sessionId);
    return merged;
  });
}
