// Draws one camera frame: the face photo moved by the head pose, each eye opening repainted with
// sclera, iris, pupil and a corneal glint where the gaze model puts them, lids that follow the
// gaze down and close in blinks, then lighting and sensor noise.
import { applyAffine, headTransform, paintEyes, type EyeGeometry, type EyePaint, type HeadPose, type Vec2 } from '../gaze-model.ts';
import type { CameraConfig } from '../protocol.ts';

export interface FrameInput {
  head: HeadPose;
  /** World point the eyes look at (cm); null: straight ahead into the camera's direction of the screen centre. */
  target: { x: number; y: number; z: number };
  closure: number;
  brightness: number;
  sideLight: number;
  noise: number;
}

export interface FrameOutput {
  /** Painted iris centres, camera px. */
  irises: [Vec2, Vec2];
}

type Ctx = OffscreenCanvasRenderingContext2D;

const lerp = (a: Vec2, b: Vec2, t: number): Vec2 => ({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t });

/** A small deterministic PRNG (mulberry32), so runs with the same seed paint the same noise. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** The eye opening with the photo's lids pushed apart by `opening` from the corner-to-corner line. */
function openedContour(eye: EyeGeometry, opening: number): Vec2[] {
  const a = eye.contour[0]!;
  const b = eye.contour[8]!;
  const len = Math.hypot(b.x - a.x, b.y - a.y);
  const nx = -(b.y - a.y) / len;
  const ny = (b.x - a.x) / len;
  return eye.contour.map((p) => {
    const d = (p.x - a.x) * nx + (p.y - a.y) * ny;
    return { x: p.x + nx * d * (opening - 1), y: p.y + ny * d * (opening - 1) };
  });
}

/** Upper lid lowered by `drop` px (most in the middle) and closed towards the lower lid by `closure`. */
function lidded(contour: Vec2[], drop: number, closure: number): Vec2[] {
  const out = contour.slice();
  for (let j = 0; j < 7; j++) {
    const upper = contour[9 + j]!;
    const lower = contour[7 - j]!;
    const bell = Math.sin((Math.PI * (j + 1)) / 8);
    const dropped = { x: upper.x, y: upper.y + Math.max(0, drop) * bell };
    // Never lower than the lower lid.
    const lowered = dropped.y > lower.y ? { x: dropped.x, y: lower.y } : dropped;
    out[9 + j] = lerp(lowered, lower, closure);
  }
  return out;
}

function polygon(ctx: Ctx, pts: readonly Vec2[]): void {
  ctx.beginPath();
  pts.forEach((p, i) => (i === 0 ? ctx.moveTo(p.x, p.y) : ctx.lineTo(p.x, p.y)));
  ctx.closePath();
}

function polyline(ctx: Ctx, pts: readonly Vec2[]): void {
  ctx.beginPath();
  pts.forEach((p, i) => (i === 0 ? ctx.moveTo(p.x, p.y) : ctx.lineTo(p.x, p.y)));
}

/** Mean colour of the photo in a ring of rows above and below the eye: the lid skin. */
function skinColour(photo: ImageData, eye: EyeGeometry): string {
  const xs = eye.contour.map((p) => p.x);
  const ys = eye.contour.map((p) => p.y);
  const [x0, x1] = [Math.floor(Math.min(...xs)), Math.ceil(Math.max(...xs))];
  const [y0, y1] = [Math.floor(Math.min(...ys)), Math.ceil(Math.max(...ys))];
  let r = 0;
  let g = 0;
  let b = 0;
  let n = 0;
  for (const y of [y0 - 4, y0 - 3, y1 + 3, y1 + 4])
    for (let x = x0; x <= x1; x++) {
      if (x < 0 || y < 0 || x >= photo.width || y >= photo.height) continue;
      const i = (y * photo.width + x) * 4;
      r += photo.data[i]!;
      g += photo.data[i + 1]!;
      b += photo.data[i + 2]!;
      n++;
    }
  return `rgb(${Math.round(r / n)}, ${Math.round(g / n)}, ${Math.round(b / n)})`;
}

export class FaceRenderer {
  private readonly ctx: Ctx;
  private readonly skins: [string, string];
  private readonly noiseTiles: OffscreenCanvas[];
  private readonly random: () => number;

  constructor(
    readonly canvas: OffscreenCanvas,
    private readonly photo: ImageBitmap,
    private readonly config: CameraConfig,
  ) {
    canvas.width = config.framing.width;
    canvas.height = config.framing.height;
    this.ctx = canvas.getContext('2d')!;
    const scratch = new OffscreenCanvas(photo.width, photo.height);
    const sctx = scratch.getContext('2d', { willReadFrequently: true })!;
    sctx.drawImage(photo, 0, 0);
    const pixels = sctx.getImageData(0, 0, photo.width, photo.height);
    this.skins = [skinColour(pixels, config.face.eyes[0]), skinColour(pixels, config.face.eyes[1])];
    this.random = prng(config.seed);
    this.noiseTiles = [0, 1, 2].map(() => this.noiseTile());
  }

  /** Grey noise centred on mid-grey; drawn with `overlay`, mid-grey leaves the picture unchanged. */
  private noiseTile(): OffscreenCanvas {
    const { width, height } = this.config.framing;
    const tile = new OffscreenCanvas(width, height);
    const tctx = tile.getContext('2d')!;
    const img = tctx.createImageData(width, height);
    for (let i = 0; i < img.data.length; i += 4) {
      const v = 128 + 8 * gaussian(this.random);
      img.data[i] = img.data[i + 1] = img.data[i + 2] = v;
      img.data[i + 3] = 255;
    }
    tctx.putImageData(img, 0, 0);
    return tile;
  }

  draw(input: FrameInput): FrameOutput {
    const { ctx, config } = this;
    const { face, setup, framing, look } = config;
    const m = headTransform(face, setup, framing, input.head);
    const paints = paintEyes(face, setup, input.head, input.target);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalCompositeOperation = 'source-over';
    ctx.globalAlpha = 1;
    ctx.fillStyle = 'rgb(120, 118, 122)';
    ctx.fillRect(0, 0, framing.width, framing.height);
    ctx.setTransform(m[0], m[1], m[2], m[3], m[4], m[5]);
    ctx.drawImage(this.photo, 0, 0);
    face.eyes.forEach((eye, i) => this.drawEye(eye, paints[i]!, this.skins[i]!, look.opening, look.lidFollow, input.closure));
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    this.light(input.brightness, input.sideLight);
    if (input.noise > 0) {
      ctx.globalCompositeOperation = 'overlay';
      // The tiles hold σ = 8; alpha scales the deviation from mid-grey.
      ctx.globalAlpha = Math.min(1, input.noise / 8);
      const tile = this.noiseTiles[Math.floor(this.random() * this.noiseTiles.length)]!;
      const dx = Math.floor(this.random() * 64);
      const dy = Math.floor(this.random() * 64);
      ctx.drawImage(tile, -dx, -dy);
      ctx.drawImage(tile, framing.width - dx, -dy);
      ctx.drawImage(tile, -dx, framing.height - dy);
      ctx.drawImage(tile, framing.width - dx, framing.height - dy);
      ctx.globalAlpha = 1;
      ctx.globalCompositeOperation = 'source-over';
    }
    return { irises: [applyAffine(m, paints[0].iris), applyAffine(m, paints[1].iris)] };
  }

  private light(brightness: number, side: number): void {
    const { ctx } = this;
    const { width, height } = this.config.framing;
    if (brightness !== 1) {
      const v = Math.round(255 * Math.min(1, brightness < 1 ? brightness : 2 - 1 / brightness));
      ctx.globalCompositeOperation = brightness < 1 ? 'multiply' : 'screen';
      ctx.fillStyle = brightness < 1 ? `rgb(${v},${v},${v})` : `rgb(${255 - v},${255 - v},${255 - v})`;
      ctx.fillRect(0, 0, width, height);
    }
    if (side !== 0) {
      const g = ctx.createLinearGradient(0, 0, width, 0);
      const dark = `rgba(0,0,0,${Math.min(0.8, Math.abs(side) * 0.6)})`;
      g.addColorStop(side > 0 ? 0 : 1, dark);
      g.addColorStop(side > 0 ? 1 : 0, 'rgba(0,0,0,0)');
      ctx.globalCompositeOperation = 'source-over';
      ctx.fillStyle = g;
      ctx.fillRect(0, 0, width, height);
    }
    ctx.globalCompositeOperation = 'source-over';
  }

  private drawEye(eye: EyeGeometry, paint: EyePaint, skin: string, opening: number, lidFollow: number, closure: number): void {
    const { ctx } = this;
    const base = openedContour(eye, opening);
    const drop = lidFollow * (paint.iris.y - eye.iris.y);
    const open = lidded(base, drop, closure);
    const r = eye.irisRadius;

    // Lid skin over the whole (opened) eye region, a little beyond it, hides the photo's own eye.
    ctx.save();
    ctx.fillStyle = skin;
    ctx.strokeStyle = skin;
    ctx.lineWidth = 1.2;
    polygon(ctx, base);
    ctx.fill();
    ctx.stroke();
    ctx.restore();
    if (closure >= 0.98) {
      ctx.save();
      ctx.strokeStyle = 'rgba(40, 25, 20, 0.9)';
      ctx.lineWidth = 0.8;
      polyline(ctx, base.slice(0, 9));
      ctx.stroke();
      ctx.restore();
      return;
    }

    ctx.save();
    polygon(ctx, open);
    ctx.clip();
    // Sclera: lit in the middle, shaded towards the corners.
    const a = base[0]!;
    const b = base[8]!;
    const mid = lerp(a, b, 0.5);
    const half = Math.hypot(b.x - a.x, b.y - a.y) / 2;
    const sclera = ctx.createRadialGradient(mid.x, mid.y, half * 0.2, mid.x, mid.y, half * 1.1);
    sclera.addColorStop(0, 'rgb(236, 228, 220)');
    sclera.addColorStop(1, 'rgb(170, 150, 140)');
    ctx.fillStyle = sclera;
    polygon(ctx, open);
    ctx.fill();
    // Iris: dark limbal ring, brown body, black pupil.
    const { x, y } = paint.iris;
    const iris = ctx.createRadialGradient(x, y, 0, x, y, r);
    iris.addColorStop(0, 'rgb(120, 86, 58)');
    iris.addColorStop(0.75, 'rgb(88, 60, 40)');
    iris.addColorStop(1, 'rgb(35, 24, 18)');
    ctx.fillStyle = iris;
    ctx.beginPath();
    ctx.ellipse(x, y, paint.rx, paint.ry, 0, 0, 2 * Math.PI);
    ctx.fill();
    ctx.fillStyle = 'rgb(12, 9, 8)';
    ctx.beginPath();
    ctx.ellipse(x, y, paint.rx * 0.42, paint.ry * 0.42, 0, 0, 2 * Math.PI);
    ctx.fill();
    // Corneal glint of a light near the screen: moves about half as far as the iris.
    const gx = eye.iris.x + (x - eye.iris.x) * 0.5 - r * 0.3;
    const gy = eye.iris.y + (y - eye.iris.y) * 0.5 - r * 0.35;
    ctx.fillStyle = 'rgba(255, 255, 255, 0.9)';
    ctx.beginPath();
    ctx.arc(gx, gy, r * 0.16, 0, 2 * Math.PI);
    ctx.fill();
    // The upper lid's shadow on the eyeball.
    ctx.strokeStyle = 'rgba(30, 18, 14, 0.35)';
    ctx.lineWidth = r * 0.6;
    polyline(ctx, [open[8]!, ...open.slice(9), open[0]!]);
    ctx.stroke();
    ctx.restore();

    // Lash line on the upper lid, a fainter line on the lower one.
    ctx.save();
    ctx.lineCap = 'round';
    ctx.strokeStyle = 'rgba(35, 22, 18, 0.95)';
    ctx.lineWidth = r * 0.3;
    polyline(ctx, [open[8]!, ...open.slice(9), open[0]!]);
    ctx.stroke();
    ctx.strokeStyle = 'rgba(90, 60, 50, 0.5)';
    ctx.lineWidth = r * 0.15;
    polyline(ctx, open.slice(0, 9));
    ctx.stroke();
    ctx.restore();
  }
}
