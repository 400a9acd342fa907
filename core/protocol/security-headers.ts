// What the app's origin allows its pages. Only the app's own origin; MediaPipe's face mesh needs
// 'wasm-unsafe-eval' for its wasm and 'unsafe-eval' because its Emscripten glue (embind) builds
// functions with `new Function`; blob:/mediastream: carry the camera stream and the workers.

/** The policy as a <meta> tag can carry it (vite build puts it into index.html). */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data: blob:; media-src 'self' blob: mediastream:; connect-src 'self' data: blob:; worker-src 'self' blob:; font-src 'self' data:";

/** Directives a <meta> policy ignores, so they travel only as a header. */
const HEADER_ONLY_DIRECTIVES = "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

/** Headers every response of the app's origin carries (server and `vite preview`). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': `${CONTENT_SECURITY_POLICY}; ${HEADER_ONLY_DIRECTIVES}`,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(self), microphone=(), geolocation=(), payment=(), usb=()',
};
