import { useState, type FormEvent } from 'react';
import { PASSWORD_MIN, type Researcher } from '../../../core/protocol/lab.ts';
import { failureText } from '../../sync/research-api.ts';
import { api } from './api.ts';

/** /invite#<token>: a new member names themselves and chooses a password. */
export function InvitePage({ onJoined }: { onJoined: (r: Researcher) => void }) {
  const token = window.location.hash.slice(1);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const result = await api.acceptInvitation(token, name, password);
    if (result.ok) onJoined(result.value);
    else setError(failureText(result));
  };
  return (
    <main className="studio lab">
      <header>
        <h1>Join the lab’s workspace</h1>
      </header>
      <section className="panel narrow" aria-labelledby="invite-heading">
        <h2 id="invite-heading">Accept the invitation</h2>
        {!/^[A-Za-z0-9_-]{43}$/.test(token) ? (
          <p role="alert">This invitation link is incomplete: open the whole link the lab’s owner sent you.</p>
        ) : (
          <form onSubmit={(e) => void submit(e)}>
            <div className="field">
              <label htmlFor="invite-name">Your name</label>
              <input id="invite-name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="invite-password">Password (at least {PASSWORD_MIN} characters)</label>
              <input
                id="invite-password"
                type="password"
                autoComplete="new-password"
                required
                minLength={PASSWORD_MIN}
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </div>
            <button type="submit" className="primary">
              Join
            </button>
          </form>
        )}
        {error && (
          <p role="alert" className="bad">
            {error}
          </p>
        )}
      </section>
    </main>
  );
}
