// Finds the eye openings and irises on the face photo with MediaPipe's refined face mesh and
// writes them to face-geometry.json (committed). Rerun after changing the photo:
//   npx tsx e2e/synthetic/measure-face.ts
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { launchChromium } from '../../bench/support/browser.ts';
import { FACE_PHOTO } from '../fixtures/face-video.ts';
import { faceGeometry } from './face-landmarks.ts';
import { openMeshProbe } from './mesh-probe.ts';

export const FACE_GEOMETRY_FILE = fileURLToPath(new URL('./face-geometry.json', import.meta.url));

const png = readFileSync(FACE_PHOTO);
const { width, height } = PNG.sync.read(png);
const browser = await launchChromium();
try {
  const probe = await openMeshProbe(browser);
  const landmarks = await probe.detectPhoto(png);
  if (!landmarks) throw new Error(`MediaPipe found no face on ${FACE_PHOTO}`);
  const round = (v: number) => Math.round(v * 100) / 100;
  const geometry = faceGeometry(landmarks, width, height);
  const json = {
    photo: 'e2e/fixtures/astronaut.png',
    sha256: createHash('sha256').update(png).digest('hex'),
    measuredWith: 'MediaPipe face mesh (@mediapipe/face_mesh, refineLandmarks) via e2e/synthetic/measure-face.ts',
    ...JSON.parse(JSON.stringify(geometry, (_k, v: unknown) => (typeof v === 'number' ? round(v) : v))),
  };
  // One point per line, as Prettier leaves it.
  const text = JSON.stringify(json, null, 2).replace(/\{\s+"x": ([-\d.]+),\s+"y": ([-\d.]+)\s+\}/g, '{ "x": $1, "y": $2 }');
  writeFileSync(FACE_GEOMETRY_FILE, `${text}\n`);
  console.log(`wrote ${FACE_GEOMETRY_FILE}: iris radii ${geometry.eyes.map((e) => e.irisRadius.toFixed(2)).join(', ')} px`);
  await probe.close();
} finally {
  await browser.close();
}
