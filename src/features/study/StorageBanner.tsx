import { useEffect, useState, useSyncExternalStore } from 'react';
import type { SessionWriter, WriterStatus } from '../../tracking/session-writer.ts';
import { downloadRescue } from './rescue-download.ts';
import type { ServerSession } from './server-upload.ts';

const LOSS_TEXT =
  "This browser's stored copy of the study data was deleted (by another tab, or by clearing the site's data in the browser's settings). Recording continues, and your session and this screen have been saved again; the data of earlier screens could not be recovered. Please tell the researcher.";

function failingText(s: WriterStatus): string {
  const backup =
    s.backup === 'saved'
      ? ' A backup copy is kept in this browser, so reloading this page does not lose them.'
      : ' Please keep this tab open: they are only in this tab.';
  return `Your data could not be saved: ${s.problem ?? 'the browser refused to save'}. ${s.pendingEvents} recorded events are held and will be saved as soon as there is room again.${backup}`;
}

/** What the participant must know about storage: writes failing (with a rescue download), recovery, a deleted database. */
export function StorageBanner({ writer, server }: { writer: SessionWriter; server?: ServerSession | undefined }) {
  const status = useSyncExternalStore(
    (l) => writer.subscribe(l),
    () => writer.status(),
  );
  const [wasFailing, setWasFailing] = useState(false);
  const [showSaved, setShowSaved] = useState(false);
  if (status.state === 'failing' && !wasFailing) setWasFailing(true);
  if (status.state === 'saved' && wasFailing) {
    setWasFailing(false);
    setShowSaved(true);
  }
  useEffect(() => {
    if (!showSaved) return;
    const timer = setTimeout(() => setShowSaved(false), 8000);
    return () => clearTimeout(timer);
  }, [showSaved]);

  return (
    <>
      {status.state === 'failing' && (
        <div className="storage-banner" role="alert">
          {failingText(status)}{' '}
          <button type="button" onClick={() => void downloadRescue(writer, server)}>
            Download my data now
          </button>
        </div>
      )}
      {status.state === 'saved' && showSaved && (
        <div className="storage-banner is-ok" role="status">
          Saving works again: every recorded event is now saved.
        </div>
      )}
      {status.lost && (
        <div className="storage-banner is-lost" role="alert">
          {LOSS_TEXT}
        </div>
      )}
    </>
  );
}
