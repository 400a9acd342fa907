import { pxPerCmFromCard, pxPerDeg } from '../../../../analysis/validation-metrics.ts';

export interface ScreenSize {
  widthCm: number;
  distanceCm: number;
  pxPerDeg: number;
}

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
