import { useEffect, useState, useSyncExternalStore } from 'react';
import type { UploadStatus } from '../../sync/uploader.ts';
import type { SessionWriter } from '../../tracking/session-writer.ts';
import { withdraw, type ServerSession } from './server-upload.ts';

/** Waiting this long without reaching the server, the completion page offers the download. */
const UNREACHABLE_AFTER_MS = 20_000;

export function useUploadStatus(server: ServerSession): UploadStatus {
  return useSyncExternalStore(
    (l) => server.subscribe(l),
    () => server.status(),
  );
}

/** A quiet line while data waits to be sent; the task goes on underneath. */
export function UploadBanner({ server }: { server: ServerSession }) {
  const status = useUploadStatus(server);
  if (status.state === 'refused')
    return (
      <div className="upload-banner is-refused" role="alert" data-testid="upload-banner">
        The study server no longer accepts data from this session ({status.problem}). What was recorded stays in this browser; please
        contact the researchers.
      </div>
    );
  if (status.state !== 'paused') return null;
  return (
    <div className="upload-banner" role="status" data-testid="upload-banner">
      Saving to the study server is paused (no connection). Your data is safe on this computer and will be sent automatically
      {status.pending ? ` (${status.pending} parts waiting)` : ''}.
    </div>
  );
}

type WithdrawState = 'closed' | 'confirm' | 'working' | { failed: string };

/** "Withdraw and delete my data" on every page after consent, with a confirmation. */
export function WithdrawControl({
  server,
  writer,
  onWithdrawn,
}: {
  server: ServerSession;
  writer: SessionWriter;
  onWithdrawn: () => void;
}) {
  const [state, setState] = useState<WithdrawState>('closed');
  const run = () => {
    setState('working');
    withdraw(server, writer)
      .then((r) => (r.ok ? onWithdrawn() : setState({ failed: r.message })))
      .catch((err: unknown) => setState({ failed: (err as Error).message }));
  };
  // Offline: try again by itself every few seconds while the panel is open.
  const failed = typeof state === 'object';
  useEffect(() => {
    if (!failed) return;
    const timer = setTimeout(run, 5000);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state]);
  if (state === 'closed')
    return (
      <div className="withdraw">
        <button type="button" className="link-button" onClick={() => setState('confirm')}>
          Withdraw and delete my data
        </button>
      </div>
    );
  return (
    <div className="withdraw withdraw-panel" role="dialog" aria-label="Withdraw from the study">
      {state === 'confirm' && (
        <>
          <p>
            Withdraw from the study? Everything recorded about you so far is deleted from the study server and from this browser. This
            cannot be undone.
          </p>
          <button type="button" className="danger" onClick={run}>
            Yes, withdraw and delete my data
          </button>{' '}
          <button type="button" onClick={() => setState('closed')}>
            Cancel
          </button>
        </>
      )}
      {state === 'working' && <p>Deleting your data…</p>}
      {failed && (
        <>
          <p role="alert">
            Your data has not been deleted yet: {state.failed}. Please check your internet connection; we keep trying every few seconds.
          </p>
          <button type="button" onClick={run}>
            Try again now
          </button>{' '}
          <button type="button" onClick={() => setState('closed')}>
            Cancel
          </button>
        </>
      )}
    </div>
  );
}

export function WithdrawnPage() {
  return (
    <main className="page intro-card">
      <h1>You have withdrawn</h1>
      <p>Your data has been deleted from the study server and from this browser. Thank you for your time; you can close this page.</p>
    </main>
  );
}

type Completion = { kind: 'saving' } | { kind: 'done'; code: string | null; url: string | null } | { kind: 'refused'; message: string };

/**
 * The end of a server session: "Saving your data… N %" until the server holds every chunk and the
 * completed record; only then the completion code, or the recruitment site's completion URL.
 */
export function ServerCompletePage({
  server,
  onShown,
  beforeUpload,
  download,
}: {
  server: ServerSession;
  onShown: () => void;
  /** Resolves once what the page still holds is stored (the outbox reads storage). */
  beforeUpload: () => Promise<void>;
  /** Saves the session's data file (for the researchers to add to the study) on this thread. */
  download: () => Promise<void>;
}) {
  const status = useUploadStatus(server);
  const [completion, setCompletion] = useState<Completion>({ kind: 'saving' });
  const [longPaused, setLongPaused] = useState(false);
  useEffect(() => onShown(), [onShown]);

  useEffect(() => {
    let live = true;
    void (async () => {
      await beforeUpload();
      for (let attempt = 0; live; attempt++) {
        try {
          await server.uploader.flush();
        } catch (err) {
          // Refused for good (withdrawn, a wrong token); stopped only while a withdrawal is tried: wait.
          if (server.status().state === 'refused') {
            if (live) setCompletion({ kind: 'refused', message: (err as Error).message });
            return;
          }
          await new Promise((r) => setTimeout(r, 1000));
          continue;
        }
        const counts = await server.outbox.counts();
        if (counts.pending > 0) continue;
        const result = await server.api.complete(server.credentials, counts.acknowledged);
        if (!live) return;
        if (result.ok) {
          const { completionUrl, completionCode } = result.value;
          setCompletion({ kind: 'done', code: completionCode, url: completionUrl });
          if (completionUrl) window.location.assign(completionUrl);
          return;
        }
        if (!result.retry && result.status !== 409) {
          setCompletion({ kind: 'refused', message: result.error.message });
          return;
        }
        await new Promise((r) => setTimeout(r, Math.min(10_000, 1000 * 2 ** Math.min(attempt, 4))));
      }
    })();
    return () => {
      live = false;
    };
  }, [server, beforeUpload]);

  // Paused this long, the server counts as unreachable (and stays so for the page once it was).
  const paused = status.state === 'paused';
  useEffect(() => {
    if (!paused) return;
    const timer = setTimeout(() => setLongPaused(true), UNREACHABLE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [paused]);
  const unreachable = paused && longPaused;

  const total = status.acknowledged + status.pending;
  const percent = total === 0 ? (status.sessionSaved ? 100 : 0) : Math.floor((100 * status.acknowledged) / total);
  return (
    <main className="page intro-card">
      <h1>Thank you!</h1>
      {completion.kind === 'saving' && (
        <>
          <p>You have completed the study.</p>
          <p role="status" data-testid="saving-progress">
            Saving your data… {Math.min(percent, 99)} %
          </p>
          <p>Please keep this page open until your data is saved.</p>
          {unreachable && <UnreachableNotice beforeDownload={beforeUpload} download={download} />}
        </>
      )}
      {completion.kind === 'done' && (
        <>
          <p data-testid="saved">All your data has been saved on the study server. Thank you for taking part.</p>
          {completion.code && (
            <p>
              Your completion code: <strong data-testid="completion-code">{completion.code}</strong>
            </p>
          )}
          {completion.url && (
            <p>
              Taking you back… if nothing happens, <a href={completion.url}>continue here</a>.
            </p>
          )}
        </>
      )}
      {completion.kind === 'refused' && (
        <p role="alert">
          The study server did not accept the end of this session: {completion.message}. Please contact the researchers; your data is still
          in this browser.
        </p>
      )}
    </main>
  );
}

function UnreachableNotice({ beforeDownload, download }: { beforeDownload: () => Promise<void>; download: () => Promise<void> }) {
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const save = async () => {
    setNote(null);
    try {
      await beforeDownload();
      await download();
      setNote({ ok: true, text: 'Your data file has been saved. Please e-mail it to the researchers; they add it to the study' });
    } catch (err) {
      setNote({ ok: false, text: `your data file could not be made (${(err as Error).message})` });
    }
  };
  return (
    <div className="unreachable" role="alert">
      <p>
        The study server cannot be reached right now, so your data has not been sent yet. It is safe in this browser: it is sent as soon as
        the connection works while this page is open, or when you open the study link again later.
      </p>
      <p>If you cannot wait, download your data and send the file to the researchers:</p>
      <button type="button" onClick={() => void save()}>
        Download my data
      </button>
      {note && <p data-testid="download-note">{note.ok ? `${note.text}.` : `Note: ${note.text}.`}</p>}
    </div>
  );
}
