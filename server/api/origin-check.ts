import type { IncomingHttpHeaders } from 'node:http';

// No cross-origin writes: a browser marks every request with where it comes from (Sec-Fetch-Site,
// Origin), and a page of another site must not be able to make a logged-in researcher's browser,
// or a participant's, change anything here. Requests without either header do not come from a
// browser page (scripts, the load benchmark) and cannot carry a victim's cookie.

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The problem with a state-changing request's origin, or null when it may proceed. */
export function crossOriginProblem(method: string, headers: IncomingHttpHeaders, publicOrigin: string | undefined): string | null {
  if (SAFE_METHODS.has(method)) return null;
  const site = headers['sec-fetch-site'];
  if (typeof site === 'string')
    return site === 'same-origin' || site === 'none' ? null : `comes from another site (Sec-Fetch-Site: ${site})`;
  const origin = headers.origin;
  if (origin === undefined) return null;
  if (origin === 'null') return 'comes from a page without an origin (sandboxed or a file)';
  if (publicOrigin) return origin === publicOrigin ? null : `comes from ${origin}, not ${publicOrigin}`;
  let from: URL;
  try {
    from = new URL(origin);
  } catch {
    return `has an Origin header that is not a URL (${origin.slice(0, 100)})`;
  }
  // The Host header as a URL of the same scheme, so an explicit default port (:80, :443) compares equal.
  let host: string | null;
  try {
    host = headers.host ? new URL(`${from.protocol}//${headers.host}`).host : null;
  } catch {
    host = null;
  }
  return host !== null && from.host === host ? null : `comes from ${origin}, not from this site (${headers.host ?? 'no Host header'})`;
}
