import { useState, type FormEvent } from 'react';
import { PASSWORD_MIN, type Researcher } from '../../../core/protocol/lab.ts';
import { failureText } from '../../sync/research-api.ts';
import { api } from './api.ts';
import { useLoad } from './use-load.ts';

function PasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [message, setMessage] = useState<{ text: string; bad: boolean } | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const result = await api.changePassword(current, next);
    setMessage(
      result.ok ? { text: 'Password changed; other browsers were logged out.', bad: false } : { text: failureText(result), bad: true },
    );
    if (result.ok) setCurrent('');
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="grid">
      <div className="field">
        <label htmlFor="pw-current">Current password</label>
        <input
          id="pw-current"
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="pw-next">New password (at least {PASSWORD_MIN} characters)</label>
        <input
          id="pw-next"
          type="password"
          autoComplete="new-password"
          minLength={PASSWORD_MIN}
          value={next}
          onChange={(e) => setNext(e.target.value)}
        />
      </div>
      <div className="field">
        <button type="submit">Change password</button>
        {message && <span role={message.bad ? 'alert' : 'status'}>{message.text}</span>}
      </div>
    </form>
  );
}

function OwnerSections() {
  const researchers = useLoad(() => api.researchers(), []);
  const audit = useLoad(() => api.audit(), [], 10_000);
  const retention = useLoad(() => api.retention(), []);
  const [email, setEmail] = useState('');
  const [invite, setInvite] = useState<string | null>(null);
  const [days, setDays] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const shownDays = days ?? (retention.data?.days === null || retention.data === null ? '' : String(retention.data.days));
  const sendInvite = async (e: FormEvent) => {
    e.preventDefault();
    const result = await api.invite(email);
    if (!result.ok) return setError(failureText(result));
    setError(null);
    setInvite(`${window.location.origin}/invite#${result.value.token}`);
    setEmail('');
  };
  const saveRetention = async () => {
    const result = await api.setRetention(shownDays.trim() === '' ? null : Number(shownDays));
    if (!result.ok) return setError(failureText(result));
    setError(null);
    retention.reload();
    setDays(null);
  };
  return (
    <>
      <section className="panel" aria-labelledby="team-heading">
        <h2 id="team-heading">Researchers</h2>
        <table className="compact" aria-label="Researchers">
          <thead>
            <tr>
              <th>Name</th>
              <th>E-mail</th>
              <th>Role</th>
              <th>Since</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(researchers.data ?? []).map((r) => (
              <tr key={r.id}>
                <td>{r.name}</td>
                <td>{r.email}</td>
                <td>{r.disabled ? 'removed' : r.role}</td>
                <td>{new Date(r.createdAt).toLocaleDateString()}</td>
                <td>
                  {r.role === 'member' && !r.disabled && (
                    <button type="button" onClick={() => void api.removeResearcher(r.id).then(() => researchers.reload())}>
                      Remove {r.email}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <form onSubmit={(e) => void sendInvite(e)} className="button-row">
          <label htmlFor="invite-email">Invite a member (e-mail)</label>
          <input id="invite-email" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          <button type="submit">Make an invitation link</button>
        </form>
        {invite && (
          <p role="status">
            Send this link to them (valid for 7 days, once):{' '}
            <input aria-label="Invitation link" readOnly value={invite} onFocus={(e) => e.target.select()} />
          </p>
        )}
      </section>
      <section className="panel" aria-labelledby="retention-heading">
        <h2 id="retention-heading">Retention</h2>
        <p>
          Sessions older than this many days are deleted with all their data (checked every hour). Empty: kept until you delete them.
          Currently: <strong>{retention.data?.days == null ? 'kept' : `${retention.data.days} days`}</strong>.
        </p>
        <div className="button-row">
          <label htmlFor="retention-days">Days</label>
          <input id="retention-days" type="number" min={1} value={shownDays} onChange={(e) => setDays(e.target.value)} />
          <button type="button" onClick={() => void saveRetention()}>
            Save retention
          </button>
        </div>
      </section>
      {error && <p role="alert">{error}</p>}
      <section className="panel" aria-labelledby="audit-heading">
        <h2 id="audit-heading">Audit log</h2>
        <table className="compact" aria-label="Audit log">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>What</th>
              <th>Study</th>
              <th>Session</th>
              <th>Details</th>
            </tr>
          </thead>
          <tbody>
            {(audit.data ?? []).map((a) => (
              <tr key={a.id}>
                <td>{new Date(a.at).toLocaleString()}</td>
                <td>{a.actor ?? '—'}</td>
                <td>{a.action}</td>
                <td>{a.studyId ?? ''}</td>
                <td>{a.sessionId ? a.sessionId.slice(0, 8) : ''}</td>
                <td>
                  <small>{Object.keys(a.detail).length ? JSON.stringify(a.detail) : ''}</small>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

export function TeamPage({ me }: { me: Researcher }) {
  return (
    <>
      <section className="panel" aria-labelledby="account-heading">
        <h2 id="account-heading">Your account</h2>
        <p>
          {me.name} · {me.email} · {me.role === 'owner' ? 'the lab’s owner' : 'member'}
        </p>
        <PasswordForm />
      </section>
      {me.role === 'owner' && <OwnerSections />}
    </>
  );
}
