// Upgrades of stored records from one schema version to the next, run by Dexie inside the
// versionchange transaction when a page of a newer app opens an older database.
import { cmp, type Transaction } from 'dexie';
import { RECORD_SCHEMA_VERSION } from '../../core/records.ts';

/**
 * Schema 1 → 2. Sessions get `schemaVersion`, `revision` 0 and `consentedAt` null (schema 1 did not
 * record it). A schema-1 session still on its first step (consent) was stored before the
 * participant agreed: it holds only browser details, which must not be kept, so it is deleted.
 * Studies and datasets get `schemaVersion`. Chunks keep their shape (no rewrite of every event);
 * duplicates of (sessionId, taskId, seq), which schema 3 forbids, are removed, keeping the first.
 */
export async function upgradeToV2(tx: Transaction): Promise<void> {
  const sessions = tx.table('sessions');
  const chunks = tx.table('chunks');
  const neverConsented: string[] = [];
  await sessions.toCollection().modify((s: Record<string, unknown>) => {
    if (s.stepIndex === 0) {
      neverConsented.push(String(s.id));
      return;
    }
    s.schemaVersion = RECORD_SCHEMA_VERSION;
    s.revision = 0;
    s.consentedAt = null;
  });
  if (neverConsented.length) {
    await sessions.bulkDelete(neverConsented);
    await chunks.where('sessionId').anyOf(neverConsented).delete();
  }
  for (const name of ['studies', 'datasets']) {
    await tx
      .table(name)
      .toCollection()
      .modify((r: Record<string, unknown>) => {
        r.schemaVersion = RECORD_SCHEMA_VERSION;
      });
  }
  const byKey = chunks.orderBy('[sessionId+taskId+seq]');
  const [keys, ids] = await Promise.all([byKey.keys(), byKey.primaryKeys()]);
  const duplicates: unknown[] = [];
  for (let i = 1; i < keys.length; i++) if (cmp(keys[i], keys[i - 1]) === 0) duplicates.push(ids[i]);
  if (duplicates.length) await chunks.bulkDelete(duplicates as number[]);
}
