import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import type { AoiBox } from '../../../core/events.ts';
import { CarouselPage } from '../../components/carousel/CarouselPage.tsx';
import { collectAoiBoxes } from '../../components/carousel/collect-aoi-boxes.ts';
import { carouselGeometry } from '../../../core/layout/carousel-geometry.ts';
import type { CatalogueItem, StudyConfig } from '../../../core/study-config/schema.ts';
import { CheckField, NumberField, SelectField } from './fields.tsx';

const VIEWPORTS = [
  ['1920x945', '1920 × 945 (1080p browser window)'],
  ['1366x768', '1366 × 768'],
  ['1280x720', '1280 × 720'],
  ['1536x730', '1536 × 730 (laptop, 125 %)'],
  ['custom', 'Custom'],
] as const;
type ViewportChoice = (typeof VIEWPORTS)[number][0];

const FRAME_WIDTH = 960;

interface Props {
  config: StudyConfig;
  items: ReadonlyMap<number, CatalogueItem> | null;
}

/** The real participant carousel, laid out at a chosen viewport size and scaled down to fit. */
export function PreviewPanel({ config, items }: Props) {
  const [taskId, setTaskId] = useState(() => config.screens[0]?.taskId ?? 0);
  const [choice, setChoice] = useState<ViewportChoice>('1920x945');
  const [custom, setCustom] = useState({ w: 1600, h: 900 });
  const [showBoxes, setShowBoxes] = useState(true);
  const [boxes, setBoxes] = useState<AoiBox[]>([]);
  const pageRef = useRef<HTMLDivElement>(null);

  const [w, h] = choice === 'custom' ? [custom.w, custom.h] : (choice.split('x').map(Number) as [number, number]);
  const width = Number.isFinite(w) && w >= 320 ? w : 320;
  const height = Number.isFinite(h) && h >= 200 ? h : 200;
  const scale = FRAME_WIDTH / width;
  const screen = config.screens.find((s) => s.taskId === taskId) ?? config.screens[0];
  const renderable = screen && items && screen.rows.every((r) => r.items.length === config.layout.itemsPerRow);

  const collect = useCallback(() => {
    const el = pageRef.current;
    setBoxes(el && renderable ? collectAoiBoxes(el, scale) : []);
  }, [renderable, scale]);
  useLayoutEffect(collect, [collect, screen, config.layout, width, items]);
  // Paging in the preview moves tiles; read the boxes again once the slide has ended.
  const onSwipeEnd = useCallback(() => collect(), [collect]);

  return (
    <section className="panel" aria-labelledby="preview-heading">
      <h2 id="preview-heading">Preview</h2>
      <div className="grid">
        <SelectField
          label="Preview screen"
          value={String(screen?.taskId ?? '')}
          options={config.screens.map(
            (s) => [String(s.taskId), `${s.taskId} · ${s.task.replace('_', ' ')}${s.genre ? ` (${s.genre})` : ''}`] as const,
          )}
          onChange={(v) => setTaskId(Number(v))}
        />
        <SelectField label="Viewport" value={choice} options={VIEWPORTS} onChange={setChoice} />
        {choice === 'custom' && (
          <>
            <NumberField label="Viewport width" min={320} value={custom.w} onChange={(cw) => setCustom({ ...custom, w: cw })} />
            <NumberField label="Viewport height" min={200} value={custom.h} onChange={(ch) => setCustom({ ...custom, h: ch })} />
          </>
        )}
      </div>
      <CheckField
        label="Show AOI boxes"
        checked={showBoxes}
        onChange={setShowBoxes}
        hint="The arrows page the rows and hovering shows the details, as for participants; clicks select nothing."
      />
      {!items && <p>Loading the catalogue…</p>}
      {items && !renderable && (
        <p className="problems">This screen does not match the layout (items per row); generate the screens again.</p>
      )}
      {renderable && screen && (
        <>
          <div
            className="preview-frame"
            style={{
              width: FRAME_WIDTH,
              height: Math.max(height, carouselGeometry(config.layout, screen.rows.length, width).pageHeight) * scale,
            }}
          >
            <div className="preview-page" ref={pageRef} style={{ width, transform: `scale(${scale})` }} data-testid="preview-page">
              <CarouselPage
                key={`${screen.taskId}:${width}`}
                screen={screen}
                layout={config.layout}
                items={items}
                viewportWidth={width}
                showAoiBoxes={showBoxes}
                onSwipeEnd={onSwipeEnd}
              />
            </div>
            <div className="fold" style={{ top: height * scale }} title="Bottom of the participant's window before scrolling">
              <span>fold ({height} px)</span>
            </div>
          </div>
          <details>
            <summary>
              AOI boxes ({boxes.length}, document px at {width} px wide)
            </summary>
            <table className="compact" data-testid="preview-aoi-boxes" data-boxes={JSON.stringify(boxes)}>
              <thead>
                <tr>
                  <th>Kind</th>
                  <th>Row</th>
                  <th>Column</th>
                  <th>Position</th>
                  <th>Item</th>
                  <th>x</th>
                  <th>y</th>
                  <th>w</th>
                  <th>h</th>
                </tr>
              </thead>
              <tbody>
                {boxes.map((b, i) => (
                  <tr key={i}>
                    <td>{b.kind}</td>
                    <td>{b.row}</td>
                    <td>{b.column ?? ''}</td>
                    <td>{b.position ?? ''}</td>
                    <td>{b.movieId ?? ''}</td>
                    <td>{b.x}</td>
                    <td>{b.y}</td>
                    <td>{b.w}</td>
                    <td>{b.h}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}
