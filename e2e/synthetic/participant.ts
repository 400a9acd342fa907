// The synthetic webcam participant, Node side: installs the in-page camera on a Playwright page or
// context, steers the eyes and head, and collects the truth log. See README.md beside this file.
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { FACE_PHOTO } from '../fixtures/face-video.ts';
import { initScript } from './bundle.ts';
import { DEFAULT_SETUP, type FaceGeometry, type Framing, type HeadPose, type Setup } from './gaze-model.ts';
import {
  DEFAULT_LOOK,
  DEFAULT_STATE,
  PAGE_API,
  REPORT_BINDING,
  STATE_BINDING,
  type CameraConfig,
  type EyeLook,
  type GazeTarget,
  type HeadSway,
  type ParticipantState,
  type ScanStep,
  type TruthBatch,
} from './protocol.ts';
import type { TruthDocument, TruthLog } from './truth.ts';

export interface SyntheticParticipantOptions {
  /** Starting state, over DEFAULT_STATE (eyes on the pointer, dots followed, head at rest, light noise). */
  state?: Partial<ParticipantState>;
  /** Screen and viewer geometry, over DEFAULT_SETUP (the app's default screen size, 60 cm away). */
  setup?: Partial<Setup>;
  /** Camera picture size and framing of the face. */
  framing?: Partial<Framing>;
  look?: Partial<EyeLook>;
  /** Frames painted per second (default 30). */
  fps?: number;
  seed?: number;
  dotSelector?: string;
}

export const DEFAULT_FRAMING: Framing = { width: 640, height: 480, zoom: 1.6, eyesAt: { x: 320, y: 190 } };

const FACE_GEOMETRY = new URL('./face-geometry.json', import.meta.url);

export function loadFaceGeometry(): FaceGeometry {
  const json = JSON.parse(readFileSync(FACE_GEOMETRY, 'utf8')) as FaceGeometry;
  return { width: json.width, height: json.height, eyes: json.eyes };
}

export function cameraConfig(options: SyntheticParticipantOptions = {}): CameraConfig {
  return {
    photoBase64: readFileSync(FACE_PHOTO).toString('base64'),
    face: loadFaceGeometry(),
    framing: { ...DEFAULT_FRAMING, ...options.framing },
    setup: { ...DEFAULT_SETUP, ...options.setup },
    look: { ...DEFAULT_LOOK, ...options.look },
    fps: options.fps ?? 30,
    seed: options.seed ?? 1,
    dotSelector: options.dotSelector ?? '.gaze-dot',
    state: { ...DEFAULT_STATE, ...options.state },
  };
}

interface PageApi {
  scanpath(steps: ScanStep[]): Promise<void>;
}

export class SyntheticParticipant {
  private readonly documents = new Map<number, TruthDocument>();

  constructor(
    private readonly target: BrowserContext | Page,
    private current: ParticipantState,
    readonly config: CameraConfig,
  ) {}

  /** The state new documents start from, and that every open page has. */
  get state(): ParticipantState {
    return this.current;
  }

  receive(batch: TruthBatch): void {
    let doc = this.documents.get(batch.timeOrigin);
    if (!doc) {
      doc = { timeOrigin: batch.timeOrigin, url: batch.url, frames: [], pointer: [] };
      this.documents.set(batch.timeOrigin, doc);
    }
    doc.url = batch.url;
    for (const f of batch.frames) doc.frames.push(f);
    for (const p of batch.pointer) doc.pointer.push(p);
  }

  private pages(): Page[] {
    return 'pages' in this.target ? this.target.pages() : [this.target];
  }

  private async onPages(method: 'setState' | 'blink' | 'flush', arg?: ParticipantState): Promise<void> {
    await Promise.all(
      this.pages().map((page) =>
        page
          .evaluate(
            async ([name, m, a]) => {
              const api = (window as unknown as Record<string, Record<string, (a: unknown) => unknown> | undefined>)[name];
              await api?.[m]?.(a);
            },
            [PAGE_API, method, arg ?? null] as const,
          )
          // A page that is navigating gets the state from the state binding when it loads.
          .catch(() => undefined),
      ),
    );
  }

  /** Changes any part of the state, on every open page and for pages still to load. */
  async set(change: Partial<ParticipantState>): Promise<void> {
    this.current = { ...this.current, ...change };
    await this.onPages('setState', this.current);
  }

  /** Where the eyes look while no dot or scanpath claims them. A string is a CSS selector. */
  lookAt(target: GazeTarget | string): Promise<void> {
    return this.set({ target: typeof target === 'string' ? { kind: 'element', selector: target } : target });
  }

  /** Moves the head to `pose` (fields not given keep their value); cm and degrees from the rest pose. */
  setHead(pose: Partial<HeadPose>): Promise<void> {
    return this.set({ head: { ...this.current.head, ...pose } });
  }

  /** Starts (or with null stops) a sinusoidal head movement around the pose. */
  sway(sway: HeadSway | null): Promise<void> {
    return this.set({ sway });
  }

  /** Closes and opens the eyes once now (state.blinkMs long). */
  async blink(): Promise<void> {
    await this.onPages('blink');
  }

  /**
   * Looks along `steps` on `page` (default: the participant's page, or the context's last page),
   * each for its dwell time, measured in the page; resolves when the last dwell ends. Dots on
   * screen still take precedence when followDots is on. A navigation ends the scanpath.
   */
  async scanpath(steps: ScanStep[], page?: Page): Promise<void> {
    const target = page ?? this.pages().at(-1);
    if (!target) throw new Error('synthetic participant: no page to run the scanpath on');
    await target.evaluate(([name, s]) => (window as unknown as Record<string, PageApi>)[name]!.scanpath(s), [PAGE_API, steps] as const);
  }

  /** Everything painted so far, per document (a reload starts a new one), after flushing every page. */
  async truth(): Promise<TruthLog> {
    await this.onPages('flush');
    return { documents: [...this.documents.values()].sort((a, b) => a.timeOrigin - b.timeOrigin) };
  }
}

/**
 * Makes `target` (a page, or every page of a context) see the synthetic participant as its webcam:
 * `navigator.mediaDevices.getUserMedia({ video })` resolves to a canvas stream of the painted face.
 * Call before the page loads (it is an init script). One participant per context or page.
 */
export async function installSyntheticParticipant(
  target: BrowserContext | Page,
  options: SyntheticParticipantOptions = {},
): Promise<SyntheticParticipant> {
  const config = cameraConfig(options);
  const participant = new SyntheticParticipant(target, config.state, config);
  await target.exposeBinding(REPORT_BINDING, (_source, batch: TruthBatch) => participant.receive(batch));
  await target.exposeBinding(STATE_BINDING, () => participant.state);
  await target.addInitScript({ content: await initScript(config) });
  return participant;
}
