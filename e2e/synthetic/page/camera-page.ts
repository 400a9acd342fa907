// The synthetic participant inside the page (main thread): replaces getUserMedia with a camera
// track that a worker paints the face into, tells the worker what is on screen (the dot, where
// the scanpath's elements are, the pointer), and reports the truth log to Node.
import type { Vec2 } from '../gaze-model.ts';
import {
  PAGE_API,
  REPORT_BINDING,
  STATE_BINDING,
  type CameraConfig,
  type GazeTarget,
  type ParticipantState,
  type PointerMove,
  type ScanStep,
  type TruthBatch,
  type TruthFrame,
} from '../protocol.ts';
import type { PageView } from './participant-engine.ts';
import type { FromWorker, ToWorker } from './worker-messages.ts';

/** The worker's bundled source, set by the init script before this bundle runs. */
export const WORKER_SOURCE_GLOBAL = '__syntheticWorkerSource';

const REPORT_EVERY_MS = 250;
const VIEW_EVERY_MS = 100;

type Win = Window & Record<string, unknown>;

function onScreen(el: Element): DOMRect | null {
  const r = el.getBoundingClientRect();
  if (r.width <= 0 || r.height <= 0 || r.bottom <= 0 || r.top >= innerHeight || r.right <= 0 || r.left >= innerWidth) return null;
  return r;
}

/** The first matching element that is on screen, else the first at all. */
function findElement(selector: string): Element | null {
  let first: Element | null = null;
  for (const el of document.querySelectorAll(selector)) {
    first ??= el;
    if (onScreen(el)) return el;
  }
  return first;
}

interface MediaStreamTrackGeneratorLike extends MediaStreamTrack {
  writable: WritableStream<VideoFrame>;
}
type GeneratorCtor = new (init: { kind: 'video' }) => MediaStreamTrackGeneratorLike;

export function install(config: CameraConfig): void {
  const win = window as unknown as Win;
  if (window.top !== window || win[`${PAGE_API}Installed`]) return;
  win[`${PAGE_API}Installed`] = true;

  const source = win[WORKER_SOURCE_GLOBAL];
  if (typeof source !== 'string') throw new Error('synthetic participant: the render worker source is missing');
  const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
  const send = (m: ToWorker, transfer: Transferable[] = []) => worker.postMessage(m, transfer);

  let state: ParticipantState = config.state;
  let pointer: Vec2 | null = null;
  let scanSteps: ScanStep[] = [];
  let scanId = 0;
  const scanDone = new Map<number, () => void>();
  const rendered = new Map<number, (r: { bitmap: ImageBitmap; frame: TruthFrame }) => void>();
  const lastSeen = new Map<string, Vec2>();
  const frames: TruthFrame[] = [];
  const moves: PointerMove[] = [];
  let frameCount = 0;

  const report = (win[REPORT_BINDING] as ((batch: TruthBatch) => Promise<void>) | undefined) ?? null;
  const flush = async (): Promise<void> => {
    if (!report || (frames.length === 0 && moves.length === 0)) return;
    const batch: TruthBatch = {
      timeOrigin: performance.timeOrigin,
      url: location.href,
      frames: frames.splice(0),
      pointer: moves.splice(0),
    };
    await report(batch).catch(() => undefined);
  };

  worker.onmessage = (e: MessageEvent<FromWorker>) => {
    const m = e.data;
    if (m.type === 'frames') {
      frameCount += m.frames.length;
      // Without Node listening (the mesh probe), keep only recent frames.
      if (report) frames.push(...m.frames);
      for (const id of m.finished) {
        scanDone.get(id)?.();
        scanDone.delete(id);
      }
    } else {
      rendered.get(m.id)?.({ bitmap: m.bitmap, frame: m.frame });
      rendered.delete(m.id);
    }
  };

  const resolve = (t: GazeTarget, key: string): Vec2 | null => {
    switch (t.kind) {
      case 'point':
        return { x: t.x, y: t.y };
      case 'pointer':
        return pointer ?? { x: innerWidth / 2, y: innerHeight / 2 };
      case 'away':
        return null;
      case 'element': {
        const el = findElement(t.selector);
        const r = el?.getBoundingClientRect();
        const at = t.at ?? { x: 0.5, y: 0.5 };
        // An element that is gone for a moment (re-rendered) keeps the eyes where it was.
        if (r && (r.width > 0 || r.height > 0)) lastSeen.set(key, { x: r.left + r.width * at.x, y: r.top + r.height * at.y });
        return lastSeen.get(key) ?? null;
      }
    }
  };
  const labelOf = (t: GazeTarget): string => (t.kind === 'element' ? t.selector : t.kind);

  let lastView = '';
  const updateView = () => {
    const dotEl = findElement(config.dotSelector);
    const dotBox = dotEl && onScreen(dotEl);
    const view: PageView = {
      dot: dotBox
        ? { p: { x: dotBox.left + dotBox.width / 2, y: dotBox.top + dotBox.height / 2 }, label: dotEl!.getAttribute('aria-label') ?? 'dot' }
        : null,
      target: resolve(state.target, 'target'),
      targetLabel: labelOf(state.target),
      scan: scanSteps.map((s, i) => resolve(s.target, `scan${scanId}:${i}`)),
      width: innerWidth,
      height: innerHeight,
    };
    const key = JSON.stringify(view);
    if (key === lastView) return;
    lastView = key;
    send({ type: 'view', view });
  };
  // Dots come and go with React renders: a mutation observer sees them at once even while the
  // face mesh keeps the main thread busy; the interval catches scrolling and moving elements.
  let queued = false;
  const soon = () => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      updateView();
    });
  };
  new MutationObserver(soon).observe(document, { subtree: true, childList: true, attributes: true });
  addEventListener('scroll', soon, { capture: true, passive: true });
  addEventListener('resize', soon);
  addEventListener(
    'mousemove',
    (e) => {
      pointer = { x: e.clientX, y: e.clientY };
      moves.push({ t: e.timeStamp, x: e.clientX, y: e.clientY });
      soon();
    },
    { capture: true, passive: true },
  );
  addEventListener('pagehide', () => void flush());
  setInterval(updateView, VIEW_EVERY_MS);
  setInterval(() => void flush(), REPORT_EVERY_MS);

  const applyState = (next: ParticipantState) => {
    state = next;
    send({ type: 'state', state });
    updateView();
  };

  const ready = (async () => {
    const bytes = Uint8Array.from(atob(config.photoBase64), (c) => c.charCodeAt(0));
    const photo = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    send({ type: 'init', config, photo, timeOrigin: performance.timeOrigin }, [photo]);
    const getState = win[STATE_BINDING] as (() => Promise<ParticipantState | null>) | undefined;
    const latest = getState ? await getState().catch(() => null) : null;
    applyState(latest ?? state);
  })();

  const media = navigator.mediaDevices as MediaDevices | undefined;
  if (media) {
    const original = media.getUserMedia?.bind(media);
    media.getUserMedia = async (constraints?: MediaStreamConstraints) => {
      if (!constraints?.video) {
        if (!original) throw new DOMException('Requested device not found', 'NotFoundError');
        return original(constraints);
      }
      await ready;
      const Generator = win.MediaStreamTrackGenerator as GeneratorCtor | undefined;
      if (!Generator) throw new DOMException('the synthetic camera needs MediaStreamTrackGenerator (Chromium)', 'NotReadableError');
      const track = new Generator({ kind: 'video' });
      send({ type: 'track', writable: track.writable }, [track.writable as unknown as Transferable]);
      return new MediaStream([track]);
    };
  }

  const probeCanvas = document.createElement('canvas');
  let renderId = 0;
  win[PAGE_API] = {
    ready,
    canvas: probeCanvas,
    setState: (next: ParticipantState) => applyState(next),
    /** Runs a scanpath; resolves when its last dwell ends (or a newer scanpath replaces it). */
    scanpath: (steps: ScanStep[]) =>
      new Promise<void>((done) => {
        const id = ++scanId;
        scanSteps = steps;
        scanDone.set(id, done);
        updateView();
        send({ type: 'scan', id, steps: steps.map((s) => ({ dwellMs: s.dwellMs, label: s.label ?? labelOf(s.target) })) });
      }),
    blink: () => send({ type: 'blink' }),
    flush,
    frameCount: () => frameCount,
    /** Paints one frame now onto `canvas` (for the mesh probe) and returns its truth. */
    renderNow: async (): Promise<TruthFrame> => {
      await ready;
      updateView();
      const id = ++renderId;
      const result = await new Promise<{ bitmap: ImageBitmap; frame: TruthFrame }>((r) => {
        rendered.set(id, r);
        send({ type: 'render-now', id });
      });
      probeCanvas.width = result.bitmap.width;
      probeCanvas.height = result.bitmap.height;
      probeCanvas.getContext('2d')!.drawImage(result.bitmap, 0, 0);
      result.bitmap.close();
      return result.frame;
    },
  };
}
