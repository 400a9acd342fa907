import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from './core/protocol/security-headers.ts';

// @mediapipe/face_mesh ships a Closure script that writes FaceMesh onto `this`; as an ES module
// `this` is undefined, so wrap it and re-export FaceMesh.
const FACE_MESH_RE = /[\\/]@mediapipe[\\/]face_mesh[\\/]face_mesh\.js$/;
function mediapipeFaceMeshEsm(): Plugin {
  return {
    name: 'mediapipe-face-mesh-esm',
    enforce: 'pre',
    transform(code, id) {
      if (!FACE_MESH_RE.test(id.split('?')[0] ?? '')) return null;
      return {
        code:
          `const __mp = {};\n(function () {\n${code}\n}).call(__mp);\n` +
          `export const FaceMesh = __mp.FaceMesh;\nexport const VERSION = __mp.VERSION;\nexport default __mp;\n`,
        map: null,
      };
    },
  };
}

// Built pages may only talk to their own origin: the participant's data and camera never leave.
// The meta tag keeps that true under any static web server; the study server and `vite preview`
// also send it as a header with the directives a meta tag cannot carry (framing).
// (Dev mode skips it: Vite's dev server injects inline scripts.)
function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
  };
}

export default defineConfig({
  plugins: [react(), mediapipeFaceMeshEsm(), contentSecurityPolicy()],
  optimizeDeps: { rolldownOptions: { plugins: [mediapipeFaceMeshEsm()] } },
  build: { chunkSizeWarningLimit: 2000, sourcemap: false },
  worker: { format: 'es' },
  preview: { headers: { ...SECURITY_HEADERS } },
});
