import { useStorageStatusStore } from './storage-status.ts';
import { downloadRescue } from './rescue-download.ts';

/** Shown when IndexedDB writes fail: the data stays in memory and can be downloaded at once. */
export function StorageBanner({ sessionId }: { sessionId: string }) {
  const failing = useStorageStatusStore((s) => s.failing);
  const message = useStorageStatusStore((s) => s.message);
  const pending = useStorageStatusStore((s) => s.pendingEvents);
  if (!failing) return null;
  return (
    <div className="storage-banner" role="alert">
      <strong>Your data could not be saved</strong>: {message}. Please keep this tab open — {pending} recorded events are kept in memory and
      saving is retried.{' '}
      <button type="button" onClick={() => void downloadRescue(sessionId, useStorageStatusStore.getState().getUnsaved())}>
        Download my data now
      </button>
    </div>
  );
}
