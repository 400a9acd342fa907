import { useEffect, useState } from 'react';
import type { SessionRecord } from '../../../core/records.ts';
import { downloadSessionsZip } from '../../lib/export/download.ts';

export function CompletePage({
  session,
  onShown,
  beforeDownload,
}: {
  session: SessionRecord;
  onShown: () => void;
  /** Resolves once what the page still holds is stored (the download reads storage). */
  beforeDownload: () => Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => onShown(), [onShown]);
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      await beforeDownload();
      await downloadSessionsZip([session.id], `carousel-gaze-lab-${session.participantId}.zip`);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="page intro-card">
      <h1>Thank you!</h1>
      <p>You have completed the study. Your data is saved in this browser for the researcher.</p>
      <p>You can download a copy of everything that was recorded about you (no images or video are ever recorded).</p>
      <button type="button" className="primary" disabled={busy} onClick={() => void download()}>
        Download my data
      </button>
      {error && <p role="alert">The download failed: {error}</p>}
    </main>
  );
}
