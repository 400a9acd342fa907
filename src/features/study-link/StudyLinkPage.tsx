import { useEffect, useState } from 'react';
import type { EntryResolution } from '../../../core/protocol/entry.ts';
import { StudyApi } from '../../sync/study-api.ts';
import { readStudyLink } from '../../sync/study-link.ts';

// /s/<study>: a study link on the study server. The server answers a paused, closed or full study's
// link with its own page; what reaches the app is resolved here. Starting the session from this page
// (consent → session on the server → recording with upload) is the participant flow's next step;
// until then this page says so instead of running a study whose data would not reach the server.

export function StudyLinkPage() {
  const link = readStudyLink(window.location.pathname, window.location.search);
  const [state, setState] = useState<EntryResolution | { outcome: 'error'; message: string } | null>(null);
  useEffect(() => {
    if (!link) return;
    void new StudyApi()
      .resolveLink(link.studyId, link.params)
      .then((r) =>
        setState(
          r.ok
            ? r.value
            : { outcome: 'error', message: r.retry ? 'The study server did not answer; try again in a moment.' : r.error.message },
        ),
      );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  let title = 'Opening the study…';
  let text = '';
  if (!link) [title, text] = ['Study not found', 'There is no study at this link. Please check the link you were given.'];
  else if (state?.outcome === 'unavailable') [title, text] = [state.title, state.message];
  else if (state?.outcome === 'error') [title, text] = ['This link did not open', state.message];
  else if (state?.outcome === 'open')
    [title, text] = [
      state.studyName,
      'This study runs on this server, but starting it from a link is not available in this version of the app yet. Nothing has been recorded.',
    ];
  return (
    <main
      className="study-link-page"
      style={{ maxWidth: '36rem', margin: '15vh auto', padding: '0 1rem', font: '18px/1.5 system-ui, sans-serif' }}
    >
      <h1>{title}</h1>
      {text && <p>{text}</p>}
    </main>
  );
}
