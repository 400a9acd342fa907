// Runs MediaPipe's face mesh (refined landmarks) on the face photo or on synthetic camera frames,
// in a page of its own whose files Playwright serves from node_modules: no app, no server.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { initScript } from './bundle.ts';
import { PAGE_API, type CameraConfig, type ParticipantState, type TruthFrame } from './protocol.ts';

const ORIGIN = 'http://synthetic-probe.localhost';
const MESH_DIR = dirname(createRequire(import.meta.url).resolve('@mediapipe/face_mesh/package.json'));

const TYPES: Record<string, string> = { js: 'text/javascript', wasm: 'application/wasm', png: 'image/png', html: 'text/html' };
const typeOf = (file: string) => TYPES[file.split('.').pop() ?? ''] ?? 'application/octet-stream';

export interface MeshProbePage {
  page: Page;
  /** Landmarks (px) found on the PNG, or null. */
  detectPhoto(png: Buffer): Promise<[number, number][] | null>;
  /** Paints one synthetic frame with `state`, then runs the mesh on it. */
  detectFrame(state: ParticipantState): Promise<{ truth: TruthFrame; landmarks: [number, number][] | null }>;
  close(): Promise<void>;
}

/** `camera`: the synthetic camera to paint frames with (its fps is ignored: frames are drawn on demand). */
export async function openMeshProbe(browser: Browser, camera?: CameraConfig, refineLandmarks = true): Promise<MeshProbePage> {
  const context: BrowserContext = await browser.newContext({ viewport: { width: 1920, height: 945 } });
  let photo: Buffer | null = null;
  await context.route(`${ORIGIN}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/')
      return route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><title>mesh probe</title><script src="/mp/face_mesh.js"></script>',
      });
    if (path === '/photo.png' && photo) return route.fulfill({ contentType: 'image/png', body: photo });
    if (path.startsWith('/mp/') && !path.includes('..')) {
      const file = path.slice('/mp/'.length);
      return route.fulfill({ contentType: typeOf(file), body: readFileSync(join(MESH_DIR, file)) });
    }
    return route.fulfill({ status: 404, body: 'not found' });
  });
  await context.addInitScript({ content: await initScript() });
  const page = await context.newPage();
  await page.goto(`${ORIGIN}/`);
  await page.evaluate(async (refine) => {
    const w = window as unknown as Record<string, unknown> & {
      __syntheticParticipantLib: { createMeshProbe(path: string, refine: boolean): Promise<unknown> };
    };
    w.__meshProbe = await w.__syntheticParticipantLib.createMeshProbe('/mp', refine);
  }, refineLandmarks);
  if (camera) {
    await page.evaluate(
      async ([config, api]) => {
        const w = window as unknown as Record<string, unknown> & { __syntheticParticipantLib: { install(c: unknown): void } };
        w.__syntheticParticipantLib.install(config);
        await (w[api] as { ready: Promise<void> }).ready;
      },
      [{ ...camera, fps: 0 }, PAGE_API] as const,
    );
  }
  return {
    page,
    async detectPhoto(png) {
      photo = png;
      return page.evaluate(async () => {
        const img = new Image();
        img.src = `/photo.png?${Date.now()}`;
        await img.decode();
        const probe = (
          window as unknown as { __meshProbe: { detect(i: unknown, w: number, h: number): Promise<[number, number][] | null> } }
        ).__meshProbe;
        return probe.detect(img, img.naturalWidth, img.naturalHeight);
      });
    },
    async detectFrame(state) {
      return page.evaluate(
        async ([s, api]) => {
          const w = window as unknown as Record<string, unknown> & {
            __meshProbe: { detect(i: unknown, w: number, h: number): Promise<[number, number][] | null> };
          };
          const cam = w[api] as { canvas: HTMLCanvasElement; setState(s: unknown): void; renderNow(): Promise<TruthFrame> };
          cam.setState(s);
          const truth = await cam.renderNow();
          const landmarks = await w.__meshProbe.detect(cam.canvas, cam.canvas.width, cam.canvas.height);
          return { truth, landmarks };
        },
        [state, PAGE_API] as const,
      );
    },
    close: () => context.close(),
  };
}
