import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

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
// (Dev mode skips it: Vite's dev server injects inline scripts.)
const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data: blob:; media-src 'self' blob: mediastream:; connect-src 'self' data: blob:; worker-src 'self' blob:; font-src 'self' data:";
function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' }],
  };
}

export default defineConfig({
  plugins: [react(), mediapipeFaceMeshEsm(), contentSecurityPolicy()],
  optimizeDeps: { rolldownOptions: { plugins: [mediapipeFaceMeshEsm()] } },
  build: { chunkSizeWarningLimit: 2000, sourcemap: false },
  worker: { format: 'es' },
});
