import type { FastifyInstance } from 'fastify';
import { LIMITS } from '../../../core/protocol/limits.ts';
import {
  ConfirmSchema,
  CreateStudySchema,
  SaveDraftSchema,
  ShareSchema,
  StateChangeSchema,
  UpdateSettingsSchema,
} from '../../../core/protocol/lab.ts';
import type { JsonObject } from '../../../core/protocol/json-value.ts';
import type { StudyConfig } from '../../../core/study-config/schema.ts';
import { validateStudyConfig } from '../../../core/study-config/validate.ts';
import { loadCatalogue } from '../../../stimuli/catalogue.ts';
import { PRESETS } from '../../../stimuli/presets.ts';
import { audit } from '../../store/audit.ts';
import {
  changeState,
  deleteStudy,
  insertStudy,
  listStudies,
  publishDraft,
  saveDraft,
  shareStudy,
  studyDetail,
  unshareStudy,
  updateStudySettings,
} from '../../store/studies.ts';
import type { ApiContext } from '../context.ts';
import { ApiError, refuse } from '../errors.ts';
import { parseBody } from '../guards.ts';
import { researcherOf, studyFor } from './guard.ts';

type StudyParams = { Params: { study: string } };

let builtinIds: Promise<ReadonlySet<number>> | undefined;
const builtinItemIds = () => (builtinIds ??= loadCatalogue({ kind: 'builtin', id: 'recgaze' }).then((items) => new Set(items.keys())));

/** The config, validated as the studio validates it (built-in catalogue ids included); 422 names the first problem. */
async function checkedConfig(input: JsonObject): Promise<StudyConfig> {
  const known = (input.catalogue as { kind?: unknown } | undefined)?.kind === 'builtin' ? await builtinItemIds() : undefined;
  const result = validateStudyConfig(input, known);
  if (!result.ok) {
    const p = result.problems[0]!;
    const more = result.problems.length > 1 ? ` (and ${result.problems.length - 1} more)` : '';
    throw new ApiError(422, { field: p.path === '(root)' ? 'config' : `config.${p.path}`, problem: p.message + more });
  }
  if (result.config.id in PRESETS) throw refuse(422, 'config.id', `"${result.config.id}" is a built-in study; choose another id`);
  return result.config;
}

/** Studies: list, create, the draft, publishing versions, state, settings, sharing, deletion. */
export function registerLabStudyRoutes(lab: FastifyInstance, ctx: ApiContext): void {
  const bodyLimit = LIMITS.jsonBodyBytes;

  lab.get('/studies', async (request) => listStudies(ctx.pool, researcherOf(request)));

  lab.post('/studies', { bodyLimit }, async (request, reply) => {
    const researcher = researcherOf(request);
    const body = parseBody(CreateStudySchema, request.body);
    const config = await checkedConfig(body.config);
    if (!(await insertStudy(ctx.pool, researcher, config, body.studio)))
      throw refuse(409, 'config.id', `another study is saved as "${config.id}"; choose another id`);
    await audit(ctx.pool, researcher, { action: 'study-created', studyId: config.id });
    return reply.code(201).send(await studyDetail(ctx.pool, config.id, 'manager'));
  });

  lab.get<StudyParams>('/studies/:study', async (request) => {
    const { studyId, access } = await studyFor(ctx, request);
    return studyDetail(ctx.pool, studyId, access);
  });

  lab.put<StudyParams>('/studies/:study/draft', { bodyLimit }, async (request) => {
    const { studyId, access } = await studyFor(ctx, request);
    const body = parseBody(SaveDraftSchema, request.body);
    const config = await checkedConfig(body.config);
    if (config.id !== studyId) throw refuse(422, 'config.id', `must stay "${studyId}": the study's links use it`);
    const saved = await saveDraft(ctx.pool, studyId, config, body.studio, body.baseRevision);
    if (saved.kind === 'conflict')
      throw refuse(
        409,
        'baseRevision',
        `is ${body.baseRevision} but the draft is at revision ${saved.revision}: someone saved it meanwhile; reload it before saving`,
      );
    return studyDetail(ctx.pool, studyId, access);
  });

  lab.post<StudyParams>('/studies/:study/publish', async (request) => {
    const { studyId, researcher, access } = await studyFor(ctx, request);
    const published = await publishDraft(ctx.pool, studyId, researcher);
    if (published === 'unchanged') throw refuse(409, 'draft', 'is the same as the latest published version; edit it first');
    await audit(ctx.pool, researcher, { action: 'study-published', studyId, detail: { version: published.version } });
    return studyDetail(ctx.pool, studyId, access);
  });

  lab.post<StudyParams>('/studies/:study/state', async (request) => {
    const { studyId, researcher, access } = await studyFor(ctx, request);
    const { state } = parseBody(StateChangeSchema, request.body);
    const outcome = await changeState(ctx.pool, studyId, state);
    if (outcome.kind === 'refused') throw refuse(409, 'state', outcome.problem);
    if (outcome.from !== state)
      await audit(ctx.pool, researcher, { action: 'study-state', studyId, detail: { from: outcome.from, to: state } });
    return studyDetail(ctx.pool, studyId, access);
  });

  lab.put<StudyParams>('/studies/:study/settings', async (request) => {
    const { studyId, researcher, access } = await studyFor(ctx, request);
    const update = parseBody(UpdateSettingsSchema, request.body);
    if (new Set(update.settings.links).size !== update.settings.links.length) throw refuse(422, 'settings.links', 'lists a kind twice');
    await updateStudySettings(ctx.pool, studyId, update);
    await audit(ctx.pool, researcher, { action: 'study-settings', studyId, detail: { target: update.target, ...update.settings } });
    return studyDetail(ctx.pool, studyId, access);
  });

  lab.post<StudyParams>('/studies/:study/access', async (request) => {
    const { studyId, researcher, access } = await studyFor(ctx, request, 'manager');
    const { researcherId } = parseBody(ShareSchema, request.body);
    if (!(await shareStudy(ctx.pool, studyId, researcherId)))
      throw refuse(404, 'researcherId', 'is not an active researcher of this lab, or has access already');
    await audit(ctx.pool, researcher, { action: 'study-shared', studyId, detail: { researcherId } });
    return studyDetail(ctx.pool, studyId, access);
  });

  lab.delete<{ Params: { study: string; researcher: string } }>('/studies/:study/access/:researcher', async (request) => {
    const { studyId, researcher, access } = await studyFor(ctx, request, 'manager');
    const other = request.params.researcher;
    if (!/^[0-9a-f-]{36}$/.test(other) || !(await unshareStudy(ctx.pool, studyId, other)))
      throw refuse(404, 'researcher', `does not have access to ${studyId} through sharing`);
    await audit(ctx.pool, researcher, { action: 'study-unshared', studyId, detail: { researcherId: other } });
    return studyDetail(ctx.pool, studyId, access);
  });

  lab.delete<StudyParams>('/studies/:study', async (request) => {
    const { studyId, researcher } = await studyFor(ctx, request, 'manager');
    const { confirm } = parseBody(ConfirmSchema, request.body);
    if (confirm !== studyId) throw refuse(422, 'confirm', `must be the study's id, "${studyId}", to delete it with all its data`);
    const gone = await deleteStudy(ctx.pool, studyId);
    await audit(ctx.pool, researcher, { action: 'study-deleted', studyId, detail: gone });
    return { deleted: studyId, ...gone };
  });
}
