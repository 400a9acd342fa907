import { useCallback, useEffect, useState } from 'react';
import { failureText, type ApiResult } from '../../sync/research-api.ts';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  /** The last call's HTTP status when the server refused it (401: logged out). */
  status: number | null;
  /** Loads again now. */
  reload: () => void;
}

interface State<T> {
  key: string;
  data: T | null;
  error: string | null;
  status: number | null;
}

/**
 * Loads from the server now and whenever `deps` change; with `pollMs`, again every so often while
 * the page is visible (the live sessions list). A failed refresh keeps the last data and says why.
 */
export function useLoad<T>(load: () => Promise<ApiResult<T>>, deps: readonly (string | number)[], pollMs?: number): Loaded<T> {
  const key = JSON.stringify(deps);
  const [state, setState] = useState<State<T>>({ key, data: null, error: null, status: null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    const run = async () => {
      const result = await load();
      if (!live) return;
      if (result.ok) setState({ key, data: result.value, error: null, status: null });
      else
        setState((s) => ({
          key,
          data: s.key === key ? s.data : null,
          error: failureText(result),
          status: result.retry ? null : result.status,
        }));
    };
    void run();
    const timer = pollMs
      ? setInterval(() => {
          if (document.visibilityState === 'visible') void run();
        }, pollMs)
      : undefined;
    return () => {
      live = false;
      clearInterval(timer);
    };
    // `load` is a new closure every render; `key` (the deps) says when it loads something else.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, tick, pollMs]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const current = state.key === key ? state : { data: null, error: null, status: null };
  return { data: current.data, error: current.error, status: current.status, reload };
}
