import { useState } from 'react';
import type { Researcher, StudyDetail, StudyState } from '../../../core/protocol/lab.ts';
import { failureText, type ApiResult } from '../../sync/research-api.ts';
import { AccessPanel } from './AccessPanel.tsx';
import { api } from './api.ts';
import { DesignPanel } from './DesignPanel.tsx';
import type { RenderEditor } from './editor-host.ts';
import { RecruitmentPanel } from './RecruitmentPanel.tsx';
import { Link } from './router.tsx';
import { SessionsMonitor } from './SessionsMonitor.tsx';
import { STATE_WORDS } from './StudiesPage.tsx';
import { useLoad } from './use-load.ts';

const TABS = [
  ['sessions', 'Sessions'],
  ['design', 'Design'],
  ['recruitment', 'Links and settings'],
  ['access', 'Sharing and deletion'],
] as const;
type Tab = (typeof TABS)[number][0];

const NEXT_STATES: Readonly<Record<StudyState, readonly [StudyState, string][]>> = {
  draft: [['open', 'Open the study']],
  open: [
    ['paused', 'Pause'],
    ['closed', 'Close'],
  ],
  paused: [
    ['open', 'Resume (open)'],
    ['closed', 'Close'],
  ],
  closed: [['open', 'Reopen']],
};

export function StudyPage({ studyId, me, renderEditor }: { studyId: string; me: Researcher; renderEditor: RenderEditor }) {
  const loaded = useLoad(() => api.study(studyId), [studyId]);
  const query = new URLSearchParams(window.location.search);
  const [tab, setTab] = useState<Tab>(() => (TABS.some(([t]) => t === query.get('tab')) ? (query.get('tab') as Tab) : 'sessions'));
  const [notice, setNotice] = useState<{ text: string; bad: boolean } | null>(
    query.get('saved') ? { text: 'Saved on the server as a draft. Publish it, then open the study.', bad: false } : null,
  );
  const [override, setOverride] = useState<StudyDetail | null>(null);
  const study = override && override.id === loaded.data?.id ? override : loaded.data;

  if (loaded.status === 404 || loaded.status === 403) return <p role="alert">{loaded.error}</p>;
  if (!study) return <p>{loaded.error ?? 'Loading the study…'}</p>;

  const apply = async (result: ApiResult<StudyDetail>, done: string) => {
    if (result.ok) {
      setOverride(result.value);
      setNotice({ text: done, bad: false });
    } else setNotice({ text: failureText(result), bad: true });
  };
  const live = study.publishedVersion === null ? 'nothing published yet' : `version ${study.publishedVersion} is what new participants get`;
  return (
    <>
      <section className="panel study-head" aria-labelledby="study-heading">
        <h2 id="study-heading">
          {study.name} <code>{study.id}</code>
        </h2>
        <p>
          State:{' '}
          <strong data-testid="study-state" className={`state ${study.state}`}>
            {STATE_WORDS[study.state]}
          </strong>{' '}
          · {live} ·{' '}
          <span data-testid="draft-state">
            {study.publishedVersion === null
              ? 'the draft is not published'
              : study.draftChanged
                ? `the draft has changes (would become version ${study.publishedVersion + 1})`
                : 'the draft equals the live version'}
          </span>
        </p>
        <div className="button-row">
          {(study.draftChanged || study.publishedVersion === null) && (
            <button
              type="button"
              className="primary"
              onClick={() => void api.publish(study.id).then((r) => apply(r, `Published version ${r.ok ? r.value.publishedVersion : ''}.`))}
            >
              Publish version {(study.publishedVersion ?? 0) + 1}
            </button>
          )}
          {NEXT_STATES[study.state].map(([state, label]) => (
            <button
              key={state}
              type="button"
              onClick={() => void api.setState(study.id, state).then((r) => apply(r, `The study is ${STATE_WORDS[state]}.`))}
            >
              {label}
            </button>
          ))}
          <a href={`/analysis?server-study=${study.id}&sessions=included`}>Open in analysis</a>
        </div>
        {notice && (
          <p role={notice.bad ? 'alert' : 'status'} className={notice.bad ? 'bad' : 'ok'}>
            {notice.text}
          </p>
        )}
        <div role="tablist" aria-label="Study sections" className="tabs">
          {TABS.map(([id, label]) => (
            <button key={id} type="button" role="tab" aria-selected={tab === id} onClick={() => setTab(id)}>
              {label}
            </button>
          ))}
        </div>
      </section>
      {tab === 'sessions' && <SessionsMonitor study={study} />}
      {tab === 'design' && (
        <DesignPanel
          study={study}
          renderEditor={renderEditor}
          onSaved={(d) => {
            setOverride(d);
            setNotice({
              text: `Saved the draft (revision ${d.draftRevision}). Publish it to give new participants this version.`,
              bad: false,
            });
          }}
        />
      )}
      {tab === 'recruitment' && (
        <RecruitmentPanel study={study} onSaved={(d) => void apply({ ok: true, value: d }, 'Saved the settings.')} />
      )}
      {tab === 'access' && <AccessPanel study={study} me={me} onChanged={(d) => void apply({ ok: true, value: d }, 'Sharing changed.')} />}
      <p>
        <Link to="/studio">← All studies</Link>
      </p>
    </>
  );
}
