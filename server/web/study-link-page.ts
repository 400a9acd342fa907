import type { FastifyInstance } from 'fastify';
import { participantFromLink, unavailableMessage, type UnavailableReason } from '../../core/protocol/entry.ts';
import type { ApiContext } from '../api/context.ts';
import { entryStudy, existingSession, isFull, studyUnavailable } from '../store/entry.ts';

// A study link (/s/<study>?…) of a study that does not take this participant now — paused, closed,
// full, unknown, already completed, a link kind it does not accept or a malformed id — is answered
// here with a short page in plain words, and nothing is recorded. Other links go on to the app.

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function politePage(title: string, text: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title>
<style>body{font:18px/1.5 system-ui,sans-serif;max-width:36rem;margin:15vh auto;padding:0 1rem;color:#222}h1{font-size:1.6rem}</style>
</head>
<body><main><h1>${escape(title)}</h1><p>${escape(text)}</p></main></body>
</html>
`;
}

const LINK_PATH = /^\/s\/([^/?#]+)\/?(?:\?.*)?$/;

export function registerStudyLinkPages(app: FastifyInstance, ctx: ApiContext): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return;
    const match = LINK_PATH.exec(request.url);
    if (!match) return;
    const studyId = decodeURIComponent(match[1]!);
    const query = Object.fromEntries(new URL(request.url, 'http://x').searchParams);
    const send = (status: number, title: string, text: string) =>
      reply
        .code(status)
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(politePage(title, text));
    const who = participantFromLink(query);
    if (!who.ok) return send(400, 'Link not accepted', `The link's ${who.problem.field} ${who.problem.problem}.`);
    const study = /^[a-z0-9][a-z0-9-]{0,127}$/.test(studyId) ? await entryStudy(ctx.pool, studyId) : undefined;
    let reason: UnavailableReason | null = studyUnavailable(study, who.value.kind);
    if (!reason && study && who.value.participantId !== null) {
      const earlier = await existingSession(ctx.pool, studyId, who.value.participantId);
      if (earlier?.status === 'completed') reason = 'completed';
      else if (!earlier && isFull(study)) reason = 'full';
    } else if (!reason && study && isFull(study)) reason = 'full';
    if (!reason) return;
    const { title, text } = unavailableMessage(reason, study?.name ?? null);
    return send(reason === 'unknown' ? 404 : 200, title, text);
  });
}
