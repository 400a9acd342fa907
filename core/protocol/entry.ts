import * as v from 'valibot';
import type { FirstTask, Recruitment } from '../records.ts';
import type { StudyConfig } from '../study-config/schema.ts';
import { LIMITS } from './limits.ts';
import { epochMs } from './messages.ts';
import type { Problem } from './problem.ts';

// A study link on the study server: /s/<study id>?<recruitment parameters>. The participant page
// resolves it (GET /api/entry/<study>: nothing is stored) to show the consent text, and at consent
// starts or resumes the session (POST /api/entry/<study>), which returns the write token.

export const LINK_KINDS = ['anonymous', 'named', 'prolific', 'external'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

export const LINK_KIND_NAMES: Readonly<Record<LinkKind, string>> = {
  anonymous: 'anonymous (the server assigns an id)',
  named: 'named ids (?participant=)',
  prolific: 'Prolific (PROLIFIC_PID, STUDY_ID, SESSION_ID)',
  external: 'SONA / MTurk-style (?id=)',
};

export const PARTICIPANT_ID_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const PANEL_ID_RE = /^[A-Za-z0-9_-]+$/;

/** The link parameters that say who the participant is; everything else in the URL is ignored here. */
export const RECRUITMENT_PARAMS = ['PROLIFIC_PID', 'STUDY_ID', 'SESSION_ID', 'id', 'participant'] as const;

export interface ParticipantFromLink {
  kind: LinkKind;
  /** null for anonymous links: the server assigns `<site>_<n>` when the session starts. */
  participantId: string | null;
  recruitment: Recruitment;
}

type ParamSource = URLSearchParams | Readonly<Record<string, string | undefined>>;

function param(source: ParamSource, name: string): string | undefined {
  const value = source instanceof URLSearchParams ? source.get(name) : source[name];
  return value === null || value === undefined || value === '' ? undefined : value;
}

/**
 * Who the link's parameters name: a Prolific participant, a panel's `?id=`, a named id, or nobody
 * (anonymous). Each value is checked, and a Prolific placeholder that was never filled in is named.
 */
export function participantFromLink(source: ParamSource): { ok: true; value: ParticipantFromLink } | { ok: false; problem: Problem } {
  const fail = (field: string, problem: string) => ({ ok: false as const, problem: { field, problem } });
  const idProblem = (field: string, value: string, re: RegExp, what: string): Problem | null => {
    if (/^\{\{?%.*%\}?\}$/.test(value) || /^%[A-Z_]+%$/.test(value))
      return {
        field,
        problem: `is still the placeholder ${value}: the recruitment site fills it in; to try the link yourself, put any id in its place`,
      };
    if (value.length > LIMITS.participantIdLength) return { field, problem: `must be at most ${LIMITS.participantIdLength} characters` };
    if (!re.test(value)) return { field, problem: `must be ${what}` };
    return null;
  };
  const pid = param(source, 'PROLIFIC_PID');
  const external = param(source, 'id');
  const named = param(source, 'participant');
  const given = [pid && 'PROLIFIC_PID', external && 'id', named && 'participant'].filter(Boolean);
  if (given.length > 1) return fail(given[1] as string, `cannot be combined with ${String(given[0])}: a link names its participant once`);
  if (pid) {
    const problem = idProblem('PROLIFIC_PID', pid, PARTICIPANT_ID_RE, 'letters and digits (a Prolific id)');
    if (problem) return { ok: false, problem };
    const extra: Record<'STUDY_ID' | 'SESSION_ID', string | null> = { STUDY_ID: null, SESSION_ID: null };
    for (const name of ['STUDY_ID', 'SESSION_ID'] as const) {
      const value = param(source, name);
      if (value === undefined) continue;
      const p = idProblem(name, value, PANEL_ID_RE, 'letters, digits, _ and -');
      if (p) return { ok: false, problem: p };
      extra[name] = value;
    }
    return { ok: true, value: { kind: 'prolific', participantId: pid, recruitment: { kind: 'prolific', PROLIFIC_PID: pid, ...extra } } };
  }
  if (external) {
    const problem = idProblem('id', external, PARTICIPANT_ID_RE, 'letters, digits, _ . and - (starting with a letter or digit)');
    if (problem) return { ok: false, problem };
    return { ok: true, value: { kind: 'external', participantId: external, recruitment: { kind: 'external', id: external } } };
  }
  if (named) {
    const problem = idProblem('participant', named, PARTICIPANT_ID_RE, 'letters, digits, _ . and - (starting with a letter or digit)');
    if (problem) return { ok: false, problem };
    return { ok: true, value: { kind: 'named', participantId: named, recruitment: { kind: 'named' } } };
  }
  return { ok: true, value: { kind: 'anonymous', participantId: null, recruitment: { kind: 'anonymous' } } };
}

/** Why a link does not start a session; the words participants see. */
export type UnavailableReason = 'unknown' | 'draft' | 'paused' | 'closed' | 'full' | 'completed' | 'link';

export function unavailableMessage(reason: UnavailableReason, studyName: string | null): { title: string; text: string } {
  const study = studyName ? `“${studyName}”` : 'This study';
  switch (reason) {
    case 'unknown':
      return { title: 'Study not found', text: 'There is no study at this link. Please check the link you were given.' };
    case 'draft':
      return { title: 'Not open yet', text: `${study} is not open for participants yet. Please try again later.` };
    case 'paused':
      return {
        title: 'Paused for now',
        text: `${study} is paused at the moment. Nothing has been recorded. Please come back later, or contact the researchers.`,
      };
    case 'closed':
      return {
        title: 'Study closed',
        text: `${study} has closed and takes no more participants. Nothing has been recorded. Thank you for your interest.`,
      };
    case 'full':
      return {
        title: 'Study full',
        text: `${study} has all the participants it needs. Nothing has been recorded. Thank you for your interest.`,
      };
    case 'completed':
      return { title: 'Already completed', text: `You have already completed ${study}. Thank you for taking part.` };
    case 'link':
      return {
        title: 'Link not accepted',
        text: `${study} does not take participants through this kind of link. Please use the link you were given.`,
      };
  }
}

export interface EntryUnavailable {
  outcome: 'unavailable';
  reason: UnavailableReason;
  studyName: string | null;
  title: string;
  message: string;
}

/** GET /api/entry/:study — what the link opens, nothing stored. */
export type EntryResolution =
  | {
      outcome: 'open';
      studyId: string;
      studyName: string;
      /** The published version new participants run (a returning participant keeps theirs). */
      version: number;
      config: StudyConfig;
      /** null for anonymous links (assigned at the start). */
      participantId: string | null;
      /** A session of this participant exists: starting resumes it. */
      resumes: boolean;
    }
  | EntryUnavailable;

/** POST /api/entry/:study — at consent. `params` are the link's query parameters. */
export const EntryStartSchema = v.strictObject({
  params: v.pipe(
    v.record(v.string(), v.pipe(v.string(), v.maxLength(256, 'must be at most 256 characters'))),
    v.check((p) => Object.keys(p).length <= 32, 'must have at most 32 parameters'),
  ),
  consentedAt: epochMs,
  appVersion: v.pipe(v.string(), v.maxLength(64, 'must be at most 64 characters')),
});
export type EntryStartRequest = v.InferOutput<typeof EntryStartSchema>;

export type EntryStartResponse =
  | {
      outcome: 'started' | 'resumed';
      sessionId: string;
      /** The write token; a resumed session gets a new one (the earlier token stops working). */
      token: string;
      participantId: string;
      firstTask: FirstTask;
      version: number;
      config: StudyConfig;
      recruitment: Recruitment;
      /** Where a resumed session stands on the server (the step, the record's revision). */
      step: number;
      revision: number;
      /**
       * A resumed session's record as its browser uploaded it last (answers, selections, screens,
       * calibration…; core/records.ts without the config), so that another browser goes on from it; else null.
       */
      record: Record<string, unknown> | null;
    }
  | EntryUnavailable;

/** POST /api/sessions/:id/complete — the participant's browser counts the chunks it recorded. */
export const CompleteSchema = v.strictObject({
  chunks: v.pipe(
    v.number(),
    v.integer('must be an integer'),
    v.minValue(0, 'must not be negative'),
    v.maxValue(10_000_000, 'is too large'),
  ),
});
export type CompleteRequest = v.InferOutput<typeof CompleteSchema>;

export interface CompleteResponse {
  /** The study's completion URL with the participant's values filled in, or null. */
  completionUrl: string | null;
  completionCode: string | null;
}

/** Fills a completion URL template: {PROLIFIC_PID}, {STUDY_ID}, {SESSION_ID}, {id}, {participant}. */
export function fillCompletionUrl(template: string, participantId: string, recruitment: Recruitment): string {
  const values: Record<string, string> = { participant: participantId, id: participantId };
  if (recruitment.kind === 'prolific') {
    values.PROLIFIC_PID = recruitment.PROLIFIC_PID;
    values.STUDY_ID = recruitment.STUDY_ID ?? '';
    values.SESSION_ID = recruitment.SESSION_ID ?? '';
  }
  return template.replace(/\{(PROLIFIC_PID|STUDY_ID|SESSION_ID|id|participant)\}/g, (_, name: string) =>
    encodeURIComponent(values[name] ?? ''),
  );
}
