import { useState } from 'react';
import { CARD_PX_RANGE, DEFAULT_CARD_PX, screenSizeFields, screenSizeFrom, type ScreenSize } from './screen-size.ts';

const CARD_HEIGHT_RATIO = 53.98 / 85.6;

/** Asks for screen size (credit-card match or typed width) and viewing distance; `initial`: an earlier measurement to start from. */
export function ScreenSizeForm(props: { initial?: ScreenSize | undefined; onDone: (size: ScreenSize) => void }) {
  const [start] = useState(() =>
    props.initial
      ? screenSizeFields(props.initial, window.screen.width)
      : { method: 'card' as const, cardPx: DEFAULT_CARD_PX, typedWidthCm: '', distanceCm: '60' },
  );
  const [method, setMethod] = useState<'card' | 'typed'>(start.method);
  const [cardPx, setCardPx] = useState(start.cardPx);
  const [typedWidthCm, setTypedWidthCm] = useState(start.typedWidthCm);
  const [distanceCm, setDistanceCm] = useState(start.distanceCm);
  const [error, setError] = useState<string | null>(null);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const result = screenSizeFrom({ method, cardPx, typedWidthCm, distanceCm, screenWidthPx: window.screen.width });
    if (typeof result === 'string') setError(result);
    else props.onDone(result);
  };

  return (
    <main className="page">
      <h1>Screen size and distance</h1>
      <form className="screen-form" onSubmit={submit} noValidate>
        <fieldset>
          <legend>How big is your screen?</legend>
          <label>
            <input type="radio" name="method" checked={method === 'card'} onChange={() => setMethod('card')} /> Match a bank card (any card
            of that size)
          </label>
          <label>
            <input type="radio" name="method" checked={method === 'typed'} onChange={() => setMethod('typed')} /> I know the width of the
            screen&apos;s picture area
          </label>
          {method === 'card' ? (
            <>
              <p>Hold a card against the screen over the outline and move the slider until the outline is exactly as wide as the card.</p>
              <div className="card-outline" style={{ width: cardPx, height: cardPx * CARD_HEIGHT_RATIO }} aria-hidden="true" />
              <label>
                Card outline width
                <input
                  type="range"
                  min={CARD_PX_RANGE.min}
                  max={CARD_PX_RANGE.max}
                  value={cardPx}
                  onChange={(e) => setCardPx(Number(e.target.value))}
                />
              </label>
            </>
          ) : (
            <label>
              Screen width (cm)
              <input type="number" inputMode="decimal" value={typedWidthCm} onChange={(e) => setTypedWidthCm(e.target.value)} />
            </label>
          )}
        </fieldset>
        <label>
          Viewing distance from your eyes to the screen (cm)
          <input type="number" inputMode="decimal" value={distanceCm} onChange={(e) => setDistanceCm(e.target.value)} />
        </label>
        {error && (
          <p role="alert" className="form-error">
            {error}
          </p>
        )}
        <button type="submit" className="primary">
          Continue
        </button>
      </form>
    </main>
  );
}
