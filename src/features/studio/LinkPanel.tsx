import { useEffect, useState } from 'react';
import { assignedParticipantCount } from '../../db/studies.ts';
import { firstTaskFor } from '../../../core/study-config/counterbalance.ts';
import type { StudyConfig } from '../../../core/study-config/schema.ts';
import { participantLink, plannedAssignments, type LinkOptions } from '../../lib/studio/config-edit.ts';
import { SelectField, TextField } from './fields.tsx';
import { QrCode } from './QrCode.tsx';

const FIRST_TASK_NAMES = { Free_browsing: 'free browsing first', Semi_free_direct_search: 'semi-free + direct search first' } as const;

const GAZE_OPTIONS = [
  ['', 'Study default'],
  ['webgazer', 'Webcam (WebGazer)'],
  ['worker', 'Webcam (gaze engine in a worker)'],
  ['mouse', 'Mouse as gaze'],
  ['simulated', 'Simulated'],
  ['replay', 'Replay'],
] as const;

interface Props {
  config: StudyConfig;
  /** Whether the config as shown is what is saved in this browser. */
  saved: boolean;
  isPreset: boolean;
  onDownloadConfig: () => void;
}

export function LinkPanel({ config, saved, isPreset, onDownloadConfig }: Props) {
  const [participant, setParticipant] = useState('');
  const [gaze, setGaze] = useState<NonNullable<LinkOptions['gaze']>>('');
  const [hostedUrl, setHostedUrl] = useState('');
  const [copied, setCopied] = useState<string | null>(null);
  const [assigned, setAssigned] = useState<number | null>(null);

  useEffect(() => {
    let live = true;
    void assignedParticipantCount(config.id).then((n) => live && setAssigned(n));
    return () => {
      live = false;
    };
  }, [config.id]);

  const origin = window.location.origin;
  const link = participantLink(origin, config.id, { participant, gaze });
  const remoteLink = hostedUrl.trim() ? participantLink(origin, hostedUrl.trim(), { participant, gaze }) : '';
  const copy = async (text: string, what: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(`${what} copied.`);
    } catch {
      setCopied('Copying is blocked here; select the link and copy it by hand.');
    }
  };
  const upcoming = assigned === null ? [] : plannedAssignments(config, assigned + 1, 4);

  return (
    <section className="panel" aria-labelledby="link-heading">
      <h2 id="link-heading">Participant link</h2>
      {!saved && !isPreset && <p className="warning">Save the study first: the link opens the version saved in this browser.</p>}
      <div className="grid">
        <TextField
          label="Participant id"
          value={participant}
          placeholder={`empty: automatic ${config.site}_<n>`}
          onChange={setParticipant}
        />
        <SelectField label="Gaze source in the link" value={gaze} options={GAZE_OPTIONS} onChange={setGaze} />
      </div>
      <div className="field">
        <label htmlFor="participant-link">Link for this browser</label>
        <div className="button-row">
          <input id="participant-link" type="text" readOnly value={link} onFocus={(e) => e.target.select()} />
          <button type="button" onClick={() => void copy(link, 'Link')}>
            Copy link
          </button>
          <a href={link} target="_blank" rel="noreferrer">
            Open link
          </a>
        </div>
      </div>
      {copied && <p role="status">{copied}</p>}
      <details>
        <summary>QR code of this link</summary>
        <QrCode text={link} label={`QR code of ${link}`} />
      </details>
      <p>
        Counterbalancing ({config.blockOrder.replace('_', ' ')}):{' '}
        {participant.trim() ? (
          <strong data-testid="link-assignment">
            {participant.trim()} gets {FIRST_TASK_NAMES[firstTaskFor(participant.trim(), config.blockOrder)]}
          </strong>
        ) : (
          <span data-testid="link-assignment">
            next automatic ids on this machine: {upcoming.map((a) => `${a.participantId} → ${FIRST_TASK_NAMES[a.firstTask]}`).join('; ')}
          </span>
        )}
      </p>
      <div className="note">
        <p>
          {isPreset
            ? 'Built-in studies work anywhere the app is served.'
            : 'This link works in this browser on this machine (e.g. a lab PC): the study is saved in its IndexedDB.'}{' '}
          For remote participants, download the config JSON, put it on the same site as the app (e.g. <code>/studies/{config.id}.json</code>
          ) and use a link with <code>?study=&lt;its URL&gt;</code>. The app only loads configs from its own site.
        </p>
        <div className="button-row">
          <button type="button" onClick={onDownloadConfig}>
            Download config JSON
          </button>
        </div>
        <TextField label="Hosted config URL" value={hostedUrl} placeholder={`/studies/${config.id}.json`} onChange={setHostedUrl} />
        {remoteLink && (
          <div className="button-row">
            <input aria-label="Link for remote participants" type="text" readOnly value={remoteLink} />
            <button type="button" onClick={() => void copy(remoteLink, 'Remote link')}>
              Copy remote link
            </button>
          </div>
        )}
      </div>
    </section>
  );
}
