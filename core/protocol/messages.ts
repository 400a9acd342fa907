import * as v from 'valibot';
import { JsonObjectSchema } from './json-value.ts';
import { LIMITS } from './limits.ts';

// Requests and responses of /api. A session is created at consent; every later write carries
// `Authorization: Bearer <token>`, the token returned here (the server keeps only its hash).

export const API_PREFIX = '/api';
export const CHUNK_BATCH_CONTENT_TYPE = 'application/vnd.cgl.chunk-batch';

const STUDY_ID_RE = /^[a-z0-9][a-z0-9-]*$/;
const PARTICIPANT_ID_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const SESSION_ID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** 32 random bytes, base64url. */
export const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

export const SessionIdSchema = v.pipe(v.string(), v.regex(SESSION_ID_RE, 'must be a session id (a UUID)'));

export const epochMs = v.pipe(
  v.number(),
  v.integer('must be an integer'),
  v.minValue(0, 'must not be negative'),
  v.maxValue(8.64e15, 'is out of range'),
);

export const CreateSessionRequestSchema = v.strictObject({
  studyId: v.pipe(
    v.string(),
    v.maxLength(LIMITS.idLength, `must be at most ${LIMITS.idLength} characters`),
    v.regex(STUDY_ID_RE, 'must be lower-case letters, digits and -'),
  ),
  participantId: v.pipe(
    v.string(),
    v.maxLength(LIMITS.participantIdLength, `must be at most ${LIMITS.participantIdLength} characters`),
    v.regex(PARTICIPANT_ID_RE, 'must be letters, digits, _ . and - (starting with a letter or digit)'),
  ),
  /** When the participant consented (epoch ms, the browser's clock). */
  consentedAt: epochMs,
  appVersion: v.pipe(v.string(), v.maxLength(64, 'must be at most 64 characters')),
  /** The study config the session runs with (a snapshot; it never changes during a session). */
  config: JsonObjectSchema,
});
export type CreateSessionRequest = v.InferOutput<typeof CreateSessionRequestSchema>;

export interface CreateSessionResponse {
  sessionId: string;
  token: string;
}

export const SESSION_STATUSES = ['active', 'completed'] as const;

/**
 * The mutable part of the session record. Each update carries a revision that the client
 * increases: a higher revision replaces, the same revision with the same content is a no-op,
 * the same revision with different content is refused (409), a lower one is ignored.
 */
export const SessionUpdateSchema = v.strictObject({
  revision: v.pipe(
    v.number(),
    v.integer('must be an integer'),
    v.minValue(1, 'must be 1 or more'),
    v.maxValue(2 ** 31 - 1, 'is too large'),
  ),
  status: v.picklist(SESSION_STATUSES, `must be one of ${SESSION_STATUSES.join(', ')}`),
  /** Index of the current step of the study flow. */
  step: v.pipe(v.number(), v.integer('must be an integer'), v.minValue(0, 'must not be negative'), v.maxValue(1_000_000, 'is too large')),
  /** Answers, selections, screen timing, calibration, quality, flags, environment: owned by the app. */
  record: JsonObjectSchema,
});
export type SessionUpdate = v.InferOutput<typeof SessionUpdateSchema>;

export interface SessionUpdateResponse {
  /** The revision the server holds after this request. */
  revision: number;
  /** false when the server already held this or a later revision. */
  applied: boolean;
}

/** One chunk's entry in a batch header; its gzip bytes follow the header in the same order. */
export const ChunkHeaderSchema = v.strictObject({
  taskId: v.pipe(
    v.number(),
    v.integer('must be an integer'),
    v.minValue(0, 'must not be negative'),
    v.maxValue(LIMITS.taskId, `must be at most ${LIMITS.taskId}`),
  ),
  seq: v.pipe(
    v.number(),
    v.integer('must be an integer'),
    v.minValue(0, 'must not be negative'),
    v.maxValue(LIMITS.seq, `must be at most ${LIMITS.seq}`),
  ),
  /** SHA-256 (hex) of the chunk's events as UTF-8 JSON text, before compression. */
  sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits (SHA-256)')),
  /** Length of the chunk's gzip bytes. */
  bytes: v.pipe(
    v.number(),
    v.integer('must be an integer'),
    v.minValue(1, 'must be 1 or more'),
    v.maxValue(LIMITS.batchBodyBytes, 'is larger than a request may be'),
  ),
});
export type ChunkHeader = v.InferOutput<typeof ChunkHeaderSchema>;

export const BatchHeaderSchema = v.strictObject({
  chunks: v.pipe(
    v.array(ChunkHeaderSchema),
    v.minLength(1, 'must list at least one chunk'),
    v.maxLength(LIMITS.batchChunks, `must list at most ${LIMITS.batchChunks} chunks`),
  ),
});
export type BatchHeader = v.InferOutput<typeof BatchHeaderSchema>;

export type ChunkOutcome = 'stored' | 'duplicate';
export interface ChunkBatchResponse {
  results: { taskId: number; seq: number; outcome: ChunkOutcome }[];
}

export interface ChunkKey {
  taskId: number;
  seq: number;
}

/** Every 4xx/5xx body. `chunk` is set when one chunk of a batch is at fault (the batch is not stored). */
export interface ErrorBody {
  error: {
    field: string;
    problem: string;
    message: string;
    chunk?: ChunkKey;
  };
}

/** What the server holds for a session: every chunk key with its hash and event count. */
export interface SessionManifest {
  sessionId: string;
  revision: number;
  status: (typeof SESSION_STATUSES)[number];
  step: number;
  chunks: { taskId: number; seq: number; sha256: string; events: number }[];
}

export interface HealthResponse {
  ok: true;
  /** Where this server keeps the data: its own embedded PostgreSQL or an external one. */
  database: 'embedded' | 'external';
  appVersion: string;
}
