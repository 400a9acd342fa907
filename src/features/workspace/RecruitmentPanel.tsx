import { useState } from 'react';
import { LINK_KIND_NAMES, LINK_KINDS, type LinkKind } from '../../../core/protocol/entry.ts';
import type { StudyDetail, StudySettings } from '../../../core/protocol/lab.ts';
import { failureText } from '../../sync/research-api.ts';
import { studyLink } from '../../sync/study-link.ts';
import { api } from './api.ts';

const GAZE = [
  ['', 'study default'],
  ['mouse', 'mouse as gaze (piloting)'],
  ['webgazer', 'webcam (WebGazer)'],
  ['worker', 'webcam (gaze engine in a worker)'],
] as const;

const PROLIFIC_COMPLETE = 'https://app.prolific.com/submissions/complete?cc=';

function CopyLink({ label, url }: { label: string; url: string }) {
  const [copied, setCopied] = useState<string | null>(null);
  const id = `link-${label.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="button-row">
        <input id={id} type="text" readOnly value={url} onFocus={(e) => e.target.select()} />
        <button
          type="button"
          onClick={() =>
            void navigator.clipboard.writeText(url).then(
              () => setCopied('Copied.'),
              () => setCopied('Copying is blocked here; select the link and copy it by hand.'),
            )
          }
        >
          Copy {label.toLowerCase()}
        </button>
      </div>
      {copied && <small role="status">{copied}</small>}
    </div>
  );
}

function RuleField(p: { id: string; label: string; value: number | null; step?: number; onChange: (text: string) => void }) {
  return (
    <div className="field">
      <label htmlFor={p.id}>{p.label}</label>
      <input id={p.id} type="number" min={0} step={p.step ?? 1} value={p.value ?? ''} onChange={(e) => p.onChange(e.target.value)} />
    </div>
  );
}

const numberOrNull = (text: string): number | null => (text.trim() === '' ? null : Number(text));

export function RecruitmentPanel({ study, onSaved }: { study: StudyDetail; onSaved: (d: StudyDetail) => void }) {
  const origin = window.location.origin;
  const [gaze, setGaze] = useState('');
  const [named, setNamed] = useState('P001');
  const [form, setForm] = useState<StudySettings>(study.settings);
  const [target, setTarget] = useState(study.target === null ? '' : String(study.target));
  const [error, setError] = useState<string | null>(null);
  const opts = gaze ? { gaze } : {};
  const rule = (key: keyof StudySettings['exclusion'], text: string) =>
    setForm({ ...form, exclusion: { ...form.exclusion, [key]: numberOrNull(text) } });
  const toggleLink = (kind: LinkKind, on: boolean) =>
    setForm({ ...form, links: on ? LINK_KINDS.filter((k) => k === kind || form.links.includes(k)) : form.links.filter((k) => k !== kind) });

  const save = async () => {
    setError(null);
    const result = await api.updateSettings(study.id, { target: numberOrNull(target), settings: form });
    if (result.ok) onSaved(result.value);
    else setError(failureText(result));
  };

  return (
    <>
      <section className="panel" aria-labelledby="links-heading">
        <h2 id="links-heading">Study links</h2>
        {study.state !== 'open' && (
          <p className="warning">
            The study is {study.state}: its links show participants a polite page and record nothing until you open it.
          </p>
        )}
        <div className="field">
          <label htmlFor="links-gaze">Gaze source in the links</label>
          <select id="links-gaze" value={gaze} onChange={(e) => setGaze(e.target.value)}>
            {GAZE.map(([value, words]) => (
              <option key={value} value={value}>
                {words}
              </option>
            ))}
          </select>
        </div>
        <CopyLink label="Prolific link" url={studyLink(origin, study.id, 'prolific', opts)} />
        <p className="hint">
          In Prolific, paste this as the study URL: Prolific fills in PROLIFIC_PID, STUDY_ID and SESSION_ID. A participant who opens it
          again resumes their session. Put the completion code below; participants see it (and are sent back to Prolific) only after the
          server holds all their data.
        </p>
        <CopyLink label="Anonymous link" url={studyLink(origin, study.id, 'anonymous', opts)} />
        <div className="field">
          <label htmlFor="named-id">Named participant id</label>
          <input id="named-id" value={named} onChange={(e) => setNamed(e.target.value)} />
        </div>
        <CopyLink label="Named link" url={studyLink(origin, study.id, 'named', { ...opts, participant: named })} />
        <CopyLink label="SONA or MTurk link" url={studyLink(origin, study.id, 'external', opts)} />
        <p className="hint">Replace %SURVEY_CODE% with your panel’s placeholder for the participant’s code (SONA: %SURVEY_CODE%).</p>
      </section>
      <section className="panel" aria-labelledby="settings-heading">
        <h2 id="settings-heading">Recruitment and quality settings</h2>
        <fieldset>
          <legend>Links that may start sessions</legend>
          {LINK_KINDS.map((kind) => (
            <label key={kind} className="check">
              <input type="checkbox" checked={form.links.includes(kind)} onChange={(e) => toggleLink(kind, e.target.checked)} />{' '}
              {LINK_KIND_NAMES[kind]}
            </label>
          ))}
        </fieldset>
        <div className="grid">
          <div className="field">
            <label htmlFor="target">Participant target (empty: none)</label>
            <input id="target" type="number" min={1} value={target} onChange={(e) => setTarget(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="abandon">Abandoned after (minutes of silence)</label>
            <input
              id="abandon"
              type="number"
              min={1}
              value={form.abandonAfterMinutes}
              onChange={(e) => setForm({ ...form, abandonAfterMinutes: Number(e.target.value) })}
            />
          </div>
          <div className="field">
            <label htmlFor="completion-code">Completion code</label>
            <input
              id="completion-code"
              value={form.completionCode ?? ''}
              onChange={(e) => setForm({ ...form, completionCode: e.target.value.trim() || null })}
            />
            <button
              type="button"
              disabled={!form.completionCode}
              onClick={() => setForm({ ...form, completionUrl: `${PROLIFIC_COMPLETE}${form.completionCode ?? ''}` })}
            >
              Use Prolific’s completion URL
            </button>
          </div>
          <div className="field wide">
            <label htmlFor="completion-url">Completion URL (empty: show the code only)</label>
            <input
              id="completion-url"
              value={form.completionUrl ?? ''}
              placeholder="https://… ({PROLIFIC_PID}, {id} and {participant} are filled in)"
              onChange={(e) => setForm({ ...form, completionUrl: e.target.value.trim() || null })}
            />
          </div>
        </div>
        <fieldset>
          <legend>Exclusion rules (flag sessions; exports and the analysis can leave them out)</legend>
          <div className="grid">
            <RuleField
              id="rule-deg"
              label="Validation error above (°)"
              value={form.exclusion.maxValidationDeg}
              step={0.1}
              onChange={(t) => rule('maxValidationDeg', t)}
            />
            <RuleField
              id="rule-loss"
              label="Tracking loss above (%)"
              value={form.exclusion.maxLossPct}
              onChange={(t) => rule('maxLossPct', t)}
            />
            <RuleField id="rule-hz" label="Gaze rate below (Hz)" value={form.exclusion.minGazeHz} onChange={(t) => rule('minGazeHz', t)} />
          </div>
        </fieldset>
        <div className="button-row">
          <button type="button" className="primary" onClick={() => void save()}>
            Save settings
          </button>
        </div>
        {error && (
          <p role="alert" className="bad">
            Not saved: {error}
          </p>
        )}
      </section>
    </>
  );
}
