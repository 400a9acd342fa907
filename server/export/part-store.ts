import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { SessionRecord } from '../../core/records.ts';
import { PART_FORMAT, type PartContext, type SessionPart, type SessionPartManifest } from './session-part.ts';
import type { Piece } from './deflate-pieces.ts';

// Stored session parts (export_parts): whether a session's part is up to date, saving one, and
// reading the slices the study zip joins.

type Db = pg.Pool | pg.ClientBase;

/** What a session's part depends on besides its record: its chunks, counted and summed. */
export interface ChunkTally {
  chunks: number;
  bytes: string;
}

export async function chunkTallies(db: Db, sessionIds: readonly string[]): Promise<Map<string, ChunkTally>> {
  const { rows } = await db.query<{ id: string; chunk_count: number; stored_bytes: string }>(
    'SELECT id, chunk_count, stored_bytes FROM sessions WHERE id = ANY($1::uuid[])',
    [sessionIds],
  );
  return new Map(rows.map((r) => [r.id, { chunks: r.chunk_count, bytes: String(r.stored_bytes) }]));
}

/** The stamp of a part made from these inputs (chunks are immutable once stored: their count and bytes stand for them). */
export function partStamp(record: SessionRecord, tally: ChunkTally, context: PartContext): string {
  return createHash('sha256')
    .update(JSON.stringify([PART_FORMAT, context.appVersion, context.options, context.label, tally, record]))
    .digest('base64url');
}

/** The stored parts' stamps and manifests of these sessions. */
export async function storedParts(
  db: Db,
  sessionIds: readonly string[],
): Promise<Map<string, { stamp: string; manifest: SessionPartManifest }>> {
  const { rows } = await db.query<{ session_id: string; stamp: string; manifest: SessionPartManifest }>(
    'SELECT session_id, stamp, manifest FROM export_parts WHERE session_id = ANY($1::uuid[])',
    [sessionIds],
  );
  return new Map(rows.map((r) => [r.session_id, { stamp: r.stamp, manifest: r.manifest }]));
}

export async function savePart(db: Db, sessionId: string, stamp: string, part: SessionPart): Promise<void> {
  // The session may have been deleted (withdrawn) while its part was being made: then nothing is kept.
  await db.query(
    `INSERT INTO export_parts (session_id, stamp, manifest, data)
     SELECT id, $2, $3, $4 FROM sessions WHERE id = $1
     ON CONFLICT (session_id) DO UPDATE SET stamp = EXCLUDED.stamp, manifest = EXCLUDED.manifest, data = EXCLUDED.data, built_at = now()`,
    [sessionId, stamp, part.manifest, part.data],
  );
}

/** Bytes [offset, offset + length) of a session's stored part. */
export async function partSlice(db: Db, sessionId: string, offset: number, length: number): Promise<Buffer> {
  if (length === 0) return Buffer.alloc(0);
  const { rows } = await db.query<{ bytes: Buffer }>(
    'SELECT substring(data FROM $2::int FOR $3::int) AS bytes FROM export_parts WHERE session_id = $1',
    [sessionId, offset + 1, length],
  );
  const bytes = rows[0]?.bytes;
  if (!bytes || bytes.length !== length) throw new Error(`the export part of session ${sessionId} is missing or shorter than its manifest`);
  return bytes;
}

/** The range of `data` that pieces cover, from the first's offset to the last's end. */
export function spanOf(pieces: readonly Piece[]): { offset: number; length: number } {
  if (!pieces.length) return { offset: 0, length: 0 };
  const start = pieces[0]!.offset;
  const last = pieces.at(-1)!;
  return { offset: start, length: last.offset + last.length - start };
}
