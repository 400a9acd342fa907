import * as v from 'valibot';
import type { FirstTask, Recruitment } from '../records.ts';
import type { StudyConfig } from '../study-config/schema.ts';
import { LINK_KINDS, type LinkKind } from './entry.ts';
import { JsonObjectSchema } from './json-value.ts';

// The researcher workspace's API (/api/lab/…): accounts, studies and their versions, monitoring,
// exports, governance. Researchers log in with a password and hold an httpOnly session cookie.

export const LAB_PREFIX = '/api/lab';
export const SESSION_COOKIE = 'cgl_lab';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 200;

const email = v.pipe(
  v.string(),
  v.trim(),
  v.toLowerCase(),
  v.maxLength(254, 'must be at most 254 characters'),
  v.regex(/^[^\s@]+@[^\s@]+$/, 'must be an e-mail address (name@place)'),
);
const password = v.pipe(
  v.string(),
  v.minLength(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`),
  v.maxLength(PASSWORD_MAX, `must be at most ${PASSWORD_MAX} characters`),
);
const personName = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(100, 'must be at most 100 characters'));

export const LoginSchema = v.strictObject({
  email,
  password: v.pipe(
    v.string(),
    v.minLength(1, 'must not be empty'),
    v.maxLength(PASSWORD_MAX, `must be at most ${PASSWORD_MAX} characters`),
  ),
});
export const InviteSchema = v.strictObject({ email });
export const AcceptInviteSchema = v.strictObject({
  token: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/, 'is not an invitation token')),
  name: personName,
  password,
});
export const PasswordChangeSchema = v.strictObject({
  current: v.pipe(v.string(), v.maxLength(PASSWORD_MAX, 'is too long')),
  next: password,
});

export type ResearcherRole = 'owner' | 'member';
export interface Researcher {
  id: string;
  email: string;
  name: string;
  role: ResearcherRole;
  createdAt: string;
  disabled: boolean;
}

export interface InviteResponse {
  /** Goes into the invitation link's fragment (/invite#<token>); stored only as a hash. */
  token: string;
  expiresAt: string;
}

export const STUDY_STATES = ['draft', 'open', 'paused', 'closed'] as const;
export type StudyState = (typeof STUDY_STATES)[number];

const nullableNumber = (min: number, max: number, what: string) =>
  v.nullable(v.pipe(v.number(), v.minValue(min, `must be at least ${min} ${what}`), v.maxValue(max, `must be at most ${max} ${what}`)));

/** Sessions flagged as excluded: each rule applies when set. */
export const ExclusionRulesSchema = v.strictObject({
  /** Last validation's mean error above this many degrees of visual angle. */
  maxValidationDeg: nullableNumber(0, 90, 'degrees'),
  /** Lost gaze samples above this share of all samples, %. */
  maxLossPct: nullableNumber(0, 100, '%'),
  /** Achieved gaze rate below this, Hz. */
  minGazeHz: nullableNumber(0, 1000, 'Hz'),
});
export type ExclusionRules = v.InferOutput<typeof ExclusionRulesSchema>;

export const StudySettingsSchema = v.strictObject({
  /** Link kinds that may start sessions. */
  links: v.pipe(
    v.array(v.picklist(LINK_KINDS, `must be one of ${LINK_KINDS.join(', ')}`)),
    v.minLength(1, 'must allow at least one kind of link'),
    v.maxLength(LINK_KINDS.length, 'lists a kind twice'),
  ),
  /** Followed (or shown) after the last acknowledgement; {PROLIFIC_PID} {STUDY_ID} {SESSION_ID} {id} {participant} are filled in. */
  completionUrl: v.nullable(
    v.pipe(v.string(), v.maxLength(500, 'must be at most 500 characters'), v.regex(/^https?:\/\/[^\s]+$/, 'must be an http(s) URL')),
  ),
  completionCode: v.nullable(
    v.pipe(v.string(), v.maxLength(64, 'must be at most 64 characters'), v.regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, _ and -')),
  ),
  exclusion: ExclusionRulesSchema,
  /** An active session silent for this long counts as abandoned. */
  abandonAfterMinutes: v.pipe(
    v.number(),
    v.integer('must be a whole number of minutes'),
    v.minValue(1, 'must be at least 1 minute'),
    v.maxValue(10_080, 'must be at most a week (10080 minutes)'),
  ),
});
export type StudySettings = v.InferOutput<typeof StudySettingsSchema>;

export const DEFAULT_STUDY_SETTINGS: StudySettings = {
  links: [...LINK_KINDS],
  completionUrl: null,
  completionCode: null,
  exclusion: { maxValidationDeg: null, maxLossPct: null, minGazeHz: null },
  abandonAfterMinutes: 30,
};

export const UpdateSettingsSchema = v.strictObject({
  target: v.nullable(
    v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(1, 'must be at least 1'), v.maxValue(1_000_000, 'is too large')),
  ),
  settings: StudySettingsSchema,
});
export type UpdateSettings = v.InferOutput<typeof UpdateSettingsSchema>;

/** A study config and the studio's generator settings, as the editor saves them. */
export const CreateStudySchema = v.strictObject({
  config: JsonObjectSchema,
  studio: v.nullable(JsonObjectSchema),
});
export const SaveDraftSchema = v.strictObject({
  config: JsonObjectSchema,
  studio: v.nullable(JsonObjectSchema),
  /** The draft revision the editor started from; another save in between is a conflict. */
  baseRevision: v.pipe(v.number(), v.integer('must be an integer'), v.minValue(1, 'must be 1 or more')),
});
export const StateChangeSchema = v.strictObject({ state: v.picklist(STUDY_STATES, `must be one of ${STUDY_STATES.join(', ')}`) });
export const ShareSchema = v.strictObject({ researcherId: v.pipe(v.string(), v.uuid('must be a researcher id')) });
/** Deletions name what they delete: the study id, or the session's participant id. */
export const ConfirmSchema = v.strictObject({ confirm: v.pipe(v.string(), v.maxLength(200, 'is too long')) });
export const RetentionSchema = v.strictObject({
  days: v.nullable(
    v.pipe(
      v.number(),
      v.integer('must be a whole number of days'),
      v.minValue(1, 'must be at least 1 day'),
      v.maxValue(36_500, 'must be at most 100 years'),
    ),
  ),
});
export type Retention = v.InferOutput<typeof RetentionSchema>;

export interface StudyVersionInfo {
  version: number;
  publishedAt: string;
  publishedBy: string | null;
  screens: number;
}

export interface StudySummary {
  id: string;
  name: string;
  state: StudyState;
  publishedVersion: number | null;
  /** The draft differs from the latest published version (or nothing is published yet). */
  draftChanged: boolean;
  target: number | null;
  started: number;
  completed: number;
  createdBy: string | null;
  updatedAt: string;
}

export interface StudyDetail extends StudySummary {
  draft: StudyConfig;
  studio: Record<string, unknown> | null;
  draftRevision: number;
  versions: StudyVersionInfo[];
  settings: StudySettings;
  access: { id: string; name: string; email: string }[];
  counterbalance: { Free_browsing: number; Semi_free_direct_search: number };
  withdrawn: number;
  /** What the signed-in researcher may do besides looking. */
  canManage: boolean;
}

/** The monitoring states; a withdrawn session is deleted and only counted. */
export const SESSION_STATES = ['consented', 'in progress', 'complete', 'abandoned'] as const;
export type SessionState = (typeof SESSION_STATES)[number];

export function sessionState(
  s: { status: 'active' | 'completed'; chunks: number; step: number; lastSeenMs: number },
  nowMs: number,
  abandonAfterMinutes: number,
): SessionState {
  if (s.status === 'completed') return 'complete';
  if (nowMs - s.lastSeenMs > abandonAfterMinutes * 60_000) return 'abandoned';
  return s.chunks > 0 || s.step > 0 ? 'in progress' : 'consented';
}

export interface QualityFigures {
  validationPx: number | null;
  validationDeg: number | null;
  gazeHz: number | null;
  lossPct: number | null;
}

/** The exclusion rules a session breaks, in words (empty: included). Unmeasured figures break none. */
export function exclusionReasons(rules: ExclusionRules, q: QualityFigures): string[] {
  const out: string[] = [];
  if (rules.maxValidationDeg !== null && q.validationDeg !== null && q.validationDeg > rules.maxValidationDeg)
    out.push(`validation error ${q.validationDeg.toFixed(1)}° > ${rules.maxValidationDeg}°`);
  if (rules.maxLossPct !== null && q.lossPct !== null && q.lossPct > rules.maxLossPct)
    out.push(`tracking loss ${q.lossPct.toFixed(1)} % > ${rules.maxLossPct} %`);
  if (rules.minGazeHz !== null && q.gazeHz !== null && q.gazeHz < rules.minGazeHz)
    out.push(`gaze rate ${q.gazeHz.toFixed(1)} Hz < ${rules.minGazeHz} Hz`);
  return out;
}

export interface MonitorSession extends QualityFigures {
  id: string;
  participantId: string;
  linkKind: LinkKind | null;
  recruitment: Recruitment | null;
  version: number | null;
  firstTask: FirstTask | null;
  state: SessionState;
  step: number;
  /** The screen of the latest chunk received. */
  currentTaskId: number | null;
  screensDone: number;
  screensTotal: number | null;
  consentedAt: string;
  lastSeenAt: string;
  gazeSource: string | null;
  flags: string[];
  samples: number | null;
  chunks: number;
  bytes: number;
  excludedBy: string[];
}

export interface SessionsList {
  /** The server's clock, for "last seen … ago". */
  now: string;
  sessions: MonitorSession[];
  withdrawn: number;
}

export interface ScreenQualityRow {
  taskId: number;
  task: string | null;
  samples: number | null;
  lostPct: number | null;
  gazeHz: number | null;
  durationMs: number | null;
  chunks: number;
  events: number;
  bytes: number;
}

export interface SessionDetail {
  session: MonitorSession;
  screens: ScreenQualityRow[];
  environment: Record<string, unknown> | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string | null;
  action: string;
  studyId: string | null;
  sessionId: string | null;
  detail: Record<string, unknown>;
}

export interface ExportProgress {
  state: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  bytes: number;
  error?: string;
}

/** `?sessions=` of an export or of the analysis source. */
export const SESSION_SELECTIONS = ['all', 'included', 'complete-included'] as const;
export type SessionSelection = (typeof SESSION_SELECTIONS)[number];

/** Which sessions an export or the analysis takes: all, those no exclusion rule flags, or only complete ones among those. */
export function selectSessions<S extends Pick<MonitorSession, 'excludedBy' | 'state'>>(
  sessions: readonly S[],
  selection: SessionSelection,
): S[] {
  return sessions.filter((s) => selection === 'all' || (s.excludedBy.length === 0 && (selection === 'included' || s.state === 'complete')));
}
