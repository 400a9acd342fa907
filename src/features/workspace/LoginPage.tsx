import { useState, type FormEvent } from 'react';
import type { Researcher } from '../../../core/protocol/lab.ts';
import { failureText } from '../../sync/research-api.ts';
import { api } from './api.ts';

export function LoginPage({ onLoggedIn }: { onLoggedIn: (r: Researcher) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setState({ busy: true, error: null });
    const result = await api.login(email, password);
    if (result.ok) onLoggedIn(result.value);
    else setState({ busy: false, error: failureText(result) });
  };
  return (
    <section className="panel narrow" aria-labelledby="login-heading">
      <h2 id="login-heading">Log in</h2>
      <form onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor="login-email">E-mail</label>
          <input id="login-email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="login-password">Password</label>
          <input
            id="login-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <button type="submit" className="primary" disabled={state.busy}>
          Log in
        </button>
      </form>
      {state.error && (
        <p role="alert" className="bad">
          {state.error}
        </p>
      )}
      <p className="hint">
        The first start of the server created the owner account (OWNER_EMAIL, default owner@localhost) and printed its password, unless
        OWNER_PASSWORD set it. Members join through an invitation link from the owner.
      </p>
    </section>
  );
}
