// Copies the MediaPipe face-mesh model files WebGazer needs into public/ so they are served from
// our own origin. They are regenerated from node_modules on every dev/build and never committed.
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const src = join('node_modules', '@mediapipe', 'face_mesh');
const dest = join('public', 'mediapipe', 'face_mesh');
rmSync(dest, { recursive: true, force: true });
mkdirSync(dest, { recursive: true });
// face_mesh.js itself is bundled for WebGazer and loaded from here by the worker gaze engine.
const wanted = (name) => name.startsWith('face_mesh_solution_') || name === 'face_mesh.binarypb' || name === 'face_mesh.js';
const files = readdirSync(src).filter(wanted);
for (const f of files) cpSync(join(src, f), join(dest, f));
console.log(`copy-mediapipe: ${files.length} files -> ${dest}`);
