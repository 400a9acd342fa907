import { API_PREFIX, type HealthResponse } from '../../core/protocol/messages.ts';

/**
 * Whether the app runs on the study server (its /api answers) or as a static site (local-only
 * lab mode: studies and data stay in this browser). A static server answers /api/health with the
 * app's index.html or a 404, never with the health JSON.
 */
export async function detectServer(fetchImpl: typeof fetch = (...a) => fetch(...a)): Promise<HealthResponse | null> {
  try {
    const res = await fetchImpl(`${API_PREFIX}/health`, { credentials: 'omit', cache: 'no-store', signal: AbortSignal.timeout(10_000) });
    if (!res.ok || !(res.headers.get('content-type') ?? '').includes('application/json')) return null;
    const body = (await res.json()) as Partial<HealthResponse>;
    return body.ok === true ? (body as HealthResponse) : null;
  } catch {
    return null;
  }
}
