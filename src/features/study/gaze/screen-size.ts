import { CARD_WIDTH_CM, pxPerCmFromCard, pxPerDeg } from '../../../../analysis/validation-metrics.ts';
import type { SessionRecord } from '../../../../core/records.ts';
import { measuredScreen } from '../../../../format/envelope.ts';
import { pxPerCm } from '../../../../format/viewing.ts';
import { viewingFromScreen, viewingProblem, type ViewingGeometry } from '../../../tracking/worker-engine/face-geometry.ts';

export interface ScreenSize {
  widthCm: number;
  distanceCm: number;
  pxPerDeg: number;
}

/** The card slider's range, px. */
export const CARD_PX_RANGE = { min: 150, max: 700 } as const;
/** 85.6 mm at the CSS reference 96 px per inch. */
export const DEFAULT_CARD_PX = Math.round((CARD_WIDTH_CM / 2.54) * 96);

/** Pure: screen size from the form's fields, or the problem with them. */
export function screenSizeFrom(input: {
  method: 'card' | 'typed';
  cardPx: number;
  typedWidthCm: string;
  distanceCm: string;
  screenWidthPx: number;
}): ScreenSize | string {
  const distance = Number(input.distanceCm);
  if (input.distanceCm.trim() === '' || !Number.isFinite(distance) || distance < 25 || distance > 150)
    return 'Viewing distance must be a number of centimetres between 25 and 150.';
  let widthCm: number;
  if (input.method === 'card') widthCm = input.screenWidthPx / pxPerCmFromCard(input.cardPx);
  else {
    widthCm = Number(input.typedWidthCm);
    if (input.typedWidthCm.trim() === '' || !Number.isFinite(widthCm) || widthCm < 15 || widthCm > 200)
      return 'Screen width must be a number of centimetres between 15 and 200.';
  }
  return { widthCm, distanceCm: distance, pxPerDeg: pxPerDeg(input.screenWidthPx, widthCm, distance) };
}

/** The form's fields for an earlier measurement (a resumed setup starts from it): the card match when the slider can show it. */
export function screenSizeFields(
  size: ScreenSize,
  screenWidthPx: number,
): { method: 'card' | 'typed'; cardPx: number; typedWidthCm: string; distanceCm: string } {
  const cardPx = Math.round((screenWidthPx / size.widthCm) * CARD_WIDTH_CM);
  const card = cardPx >= CARD_PX_RANGE.min && cardPx <= CARD_PX_RANGE.max;
  return {
    method: card ? 'card' : 'typed',
    cardPx: card ? cardPx : DEFAULT_CARD_PX,
    typedWidthCm: card ? '' : String(Math.round(size.widthCm * 10) / 10),
    distanceCm: String(size.distanceCm),
  };
}

/** What the gaze engine needs from a measurement taken on a screen `screenWidthPx` CSS px wide; null when it is out of its range. */
export function engineViewing(size: Pick<ScreenSize, 'widthCm' | 'distanceCm'>, screenWidthPx: number): ViewingGeometry | null {
  const viewing = viewingFromScreen(screenWidthPx, size.widthCm, size.distanceCm);
  return viewingProblem(viewing) ? null : viewing;
}

/** The session's stored measurement (the last one), or null when the screen was never measured. */
export function storedScreen(s: SessionRecord): { size: ScreenSize; viewing: ViewingGeometry | null } | null {
  const size = measuredScreen(s.calibration);
  if (!size) return null;
  // The export's px per cm (the screen's CSS width at consent over the measured width), so the engine and the export agree.
  const density = pxPerCm(s);
  const viewing: ViewingGeometry = { pxPerCm: density.value, distanceCm: size.distanceCm };
  return { size, viewing: density.assumed || viewingProblem(viewing) ? null : viewing };
}
