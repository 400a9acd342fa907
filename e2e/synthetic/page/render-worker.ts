// The render worker: paints the camera frames at a steady rate, off the page's main thread (which
// WebGazer's face mesh keeps busy), and writes them into the camera tracks.
import type { TruthFrame } from '../protocol.ts';
import { FaceRenderer, prng } from './face-renderer.ts';
import { ParticipantEngine } from './participant-engine.ts';
import type { FromWorker, ToWorker } from './worker-messages.ts';

const REPORT_EVERY_MS = 200;

let renderer: FaceRenderer | null = null;
let engine: ParticipantEngine | null = null;
let clockOffset = 0;
let frameNo = 0;
let frames: TruthFrame[] = [];
let finished: number[] = [];
const writers = new Set<WritableStreamDefaultWriter<VideoFrame>>();

const post = (m: FromWorker, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);

function paint(): TruthFrame | null {
  if (!renderer || !engine) return null;
  const now = performance.now();
  const f = engine.frame(now);
  finished.push(...f.finished);
  const out = renderer.draw(f.input);
  const truth: TruthFrame = {
    t: now + clockOffset,
    frame: frameNo++,
    x: f.x,
    y: f.y,
    label: f.label,
    closure: f.closure,
    head: f.head,
    irises: out.irises,
  };
  frames.push(truth);
  return truth;
}

function tick(): void {
  if (!paint() || !renderer) return;
  for (const writer of writers) {
    // A consumer that falls behind skips frames rather than queueing them, like a real camera.
    if ((writer.desiredSize ?? 1) <= 0) continue;
    const frame = new VideoFrame(renderer.canvas, { timestamp: Math.round(performance.now() * 1000) });
    writer.write(frame).catch(() => {
      frame.close();
      writers.delete(writer);
    });
  }
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  const now = performance.now();
  switch (m.type) {
    case 'init': {
      clockOffset = performance.timeOrigin - m.timeOrigin;
      renderer = new FaceRenderer(new OffscreenCanvas(m.config.framing.width, m.config.framing.height), m.photo, m.config);
      engine = new ParticipantEngine(m.config, prng(m.config.seed ^ 0x5eed), now);
      if (m.config.fps > 0) setInterval(tick, 1000 / m.config.fps);
      setInterval(() => {
        if (frames.length === 0 && finished.length === 0) return;
        post({ type: 'frames', frames, finished });
        frames = [];
        finished = [];
      }, REPORT_EVERY_MS);
      break;
    }
    case 'state':
      engine?.setState(m.state, now);
      break;
    case 'view':
      engine?.setView(m.view);
      break;
    case 'scan':
      finished.push(...(engine?.startScan(m.id, m.steps, now) ?? []));
      break;
    case 'blink':
      engine?.blink(now);
      break;
    case 'track':
      writers.add(m.writable.getWriter());
      break;
    case 'render-now': {
      const frame = paint();
      if (frame && renderer) post({ type: 'rendered', id: m.id, bitmap: renderer.canvas.transferToImageBitmap(), frame });
      break;
    }
  }
};
