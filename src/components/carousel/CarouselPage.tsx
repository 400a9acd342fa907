import { memo, useCallback, useRef, useState, type CSSProperties, type KeyboardEvent, type PointerEvent } from 'react';
import type { SwipeSource } from '../../../core/events.ts';
import { carouselGeometry, type CarouselGeometry } from '../../../core/layout/carousel-geometry.ts';
import { canSwipe, nextOffset, pageOf, visiblePositions } from '../../../core/layout/paging.ts';
import type { CatalogueItem, LayoutSettings, ScreenDef } from '../../../core/study-config/schema.ts';
import { PosterArt } from './poster-art.tsx';
import './carousel.css';

export interface TileRef {
  row: number;
  position: number;
  column: number;
  page: number;
  movieId: number;
}

export interface CarouselPageProps {
  screen: ScreenDef;
  layout: LayoutSettings;
  items: ReadonlyMap<number, CatalogueItem>;
  /** Width the page is laid out for (the participant's window.innerWidth, or a preview size). */
  viewportWidth: number;
  /** First-visible offset per row (resume); defaults to 0 for every row. */
  initialOffsets?: number[];
  interactive?: boolean;
  showAoiBoxes?: boolean;
  onSwipe?: (row: number, direction: 'forward' | 'backward', source: SwipeSource, offset: number, page: number, offsets: number[]) => void;
  onHover?: (phase: 'enter' | 'leave', tile: TileRef) => void;
  onSelect?: (tile: TileRef, x: number, y: number) => void;
}

const DRAG_THRESHOLD_PX = 60;

/** One carousel screen laid out exactly like the original (SPEC "Interface"), at any width. */
export function CarouselPage(props: CarouselPageProps) {
  const { screen, layout, viewportWidth, interactive = true, onSwipe } = props;
  const geo = carouselGeometry(layout, screen.rows.length, viewportWidth);
  const [offsets, setOffsets] = useState<number[]>(() => screen.rows.map((_, i) => props.initialOffsets?.[i] ?? 0));
  // The swipe handler's view of the offsets: it sets both, so two swipes before a render chain.
  const offsetsRef = useRef(offsets);
  const [hovered, setHovered] = useState<string | null>(null);

  const swipe = useCallback(
    (row: number, direction: 'forward' | 'backward', source: SwipeSource) => {
      const current = offsetsRef.current;
      const from = current[row - 1] ?? 0;
      if (!canSwipe(from, direction, layout)) return;
      const to = nextOffset(from, direction, layout);
      const next = current.slice();
      next[row - 1] = to;
      offsetsRef.current = next;
      setOffsets(next);
      setHovered(null);
      onSwipe?.(row, direction, source, to, pageOf(to, layout), next);
    },
    [layout, onSwipe],
  );

  const style = {
    width: viewportWidth,
    height: geo.pageHeight,
    '--title-size': `${geo.titleFontSize}px`,
  } as CSSProperties;

  return (
    <div
      className={`carousel-page${interactive ? '' : ' is-static'}${props.showAoiBoxes ? ' show-aoi' : ''}`}
      style={style}
      data-testid="carousel-page"
    >
      {screen.rows.map((row, r) => (
        <CarouselRow
          key={r}
          rowNumber={r + 1}
          label={row.label}
          items={row.items}
          catalogue={props.items}
          offset={offsets[r] ?? 0}
          layout={layout}
          geo={geo}
          interactive={interactive}
          // Only the hovered row re-renders when the hover moves (the rows are memoised).
          hovered={hovered !== null && hovered.startsWith(`${r + 1}:`) ? hovered : null}
          setHovered={setHovered}
          swipe={swipe}
          onHover={props.onHover}
          onSelect={props.onSelect}
        />
      ))}
    </div>
  );
}

interface RowProps {
  rowNumber: number;
  label: string;
  items: number[];
  catalogue: ReadonlyMap<number, CatalogueItem>;
  offset: number;
  layout: LayoutSettings;
  geo: CarouselGeometry;
  interactive: boolean;
  hovered: string | null;
  setHovered: (key: string | null) => void;
  swipe: (row: number, direction: 'forward' | 'backward', source: SwipeSource) => void;
  onHover: CarouselPageProps['onHover'];
  onSelect: CarouselPageProps['onSelect'];
}

const CarouselRow = memo(function CarouselRow(p: RowProps) {
  const { rowNumber: row, geo, layout, offset } = p;
  const page = pageOf(offset, layout);
  const positions = visiblePositions(offset, layout);
  const drag = useRef<{ x: number; done: boolean } | null>(null);
  const arrowStyle = (left: number): CSSProperties => ({ left, top: geo.arrowTop(row), width: geo.arrowSize, height: geo.arrowSize });

  const onKeyDown = (e: KeyboardEvent) => {
    if (!p.interactive) return;
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      e.preventDefault();
      p.swipe(row, e.key === 'ArrowRight' ? 'forward' : 'backward', 'keyboard');
    }
  };
  const dragHandlers =
    layout.dragSwipe && p.interactive
      ? {
          onPointerDown: (e: PointerEvent) => {
            drag.current = { x: e.clientX, done: false };
          },
          onPointerMove: (e: PointerEvent) => {
            const d = drag.current;
            if (!d || d.done || e.buttons === 0) return;
            const dx = e.clientX - d.x;
            if (Math.abs(dx) >= DRAG_THRESHOLD_PX) {
              d.done = true;
              p.swipe(row, dx < 0 ? 'forward' : 'backward', 'drag');
            }
          },
          onPointerUp: () => {
            // A completed drag must not also select the tile under the pointer.
            if (drag.current?.done) setTimeout(() => (drag.current = null), 0);
            else drag.current = null;
          },
        }
      : {};

  return (
    <section className="carousel-row" aria-label={p.label} onKeyDown={onKeyDown} {...dragHandlers}>
      <h2
        className="row-title"
        data-aoi="title"
        data-row={row}
        style={{ left: geo.columnLeft(1), top: geo.titleTop(row), height: geo.titleHeight, lineHeight: `${geo.titleHeight}px` }}
      >
        {p.label}
      </h2>
      <button
        type="button"
        className="row-arrow backward"
        data-aoi="backward"
        data-row={row}
        aria-label={`Previous titles in ${p.label}`}
        disabled={!p.interactive || !canSwipe(offset, 'backward', layout)}
        style={arrowStyle(geo.backwardLeft)}
        onClick={(e) => p.swipe(row, 'backward', e.detail === 0 ? 'keyboard' : 'arrow')}
      >
        <ArrowIcon direction="backward" />
      </button>
      {positions.map((position, c) => {
        const movieId = p.items[position - 1]!;
        const item = p.catalogue.get(movieId);
        const column = c + 1;
        const key = `${row}:${position}`;
        const tile: TileRef = { row, position, column, page, movieId };
        const isHovered = p.hovered === key && p.layout.hoverMode !== 'none';
        return (
          <div
            key={key}
            className={`tile${isHovered ? ` hovered hover-${p.layout.hoverMode}` : ''}`}
            role="button"
            tabIndex={p.interactive ? 0 : -1}
            aria-label={item ? `${item.title}${item.year ? ` (${item.year})` : ''}` : `Item ${movieId}`}
            data-aoi="tile"
            data-row={row}
            data-column={column}
            data-position={position}
            data-movie-id={movieId}
            style={{ left: geo.columnLeft(column), top: geo.tileTop(row), width: geo.tileWidth, height: geo.tileHeight }}
            onMouseEnter={() => {
              if (!p.interactive) return;
              p.setHovered(key);
              p.onHover?.('enter', tile);
            }}
            onMouseLeave={() => {
              if (!p.interactive) return;
              p.setHovered(null);
              p.onHover?.('leave', tile);
            }}
            onClick={(e) => {
              if (!p.interactive || drag.current?.done) return;
              p.onSelect?.(tile, e.clientX, e.clientY);
            }}
            onKeyDown={(e) => {
              if (p.interactive && (e.key === 'Enter' || e.key === ' ')) {
                e.preventDefault();
                const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
                p.onSelect?.(tile, r.left + r.width / 2, r.top + r.height / 2);
              }
            }}
          >
            {item ? <PosterArt item={item} /> : <div className="poster-missing">Item {movieId}</div>}
            {isHovered && item && <DetailsPanel item={item} scale={geo.scale} />}
          </div>
        );
      })}
      <button
        type="button"
        className="row-arrow forward"
        data-aoi="forward"
        data-row={row}
        aria-label={`Next titles in ${p.label}`}
        disabled={!p.interactive || !canSwipe(offset, 'forward', layout)}
        style={arrowStyle(geo.forwardLeft)}
        onClick={(e) => p.swipe(row, 'forward', e.detail === 0 ? 'keyboard' : 'arrow')}
      >
        <ArrowIcon direction="forward" />
      </button>
    </section>
  );
});

function DetailsPanel({ item, scale }: { item: CatalogueItem; scale: number }) {
  return (
    <div className="details-panel" style={{ fontSize: 17 * scale, padding: 12 * scale }} data-testid="details-panel">
      <p className="details-title">
        {item.title}
        {item.year ? ` (${item.year})` : ''}
      </p>
      <p className="details-genres">{item.genres.slice(0, 3).join(' · ')}</p>
      <p className="details-cast">{item.cast.slice(0, 3).join(', ')}</p>
    </div>
  );
}

function ArrowIcon({ direction }: { direction: 'forward' | 'backward' }) {
  return (
    <svg viewBox="0 0 21 21" aria-hidden="true">
      <path
        d={direction === 'forward' ? 'M7 3 L15 10.5 L7 18' : 'M14 3 L6 10.5 L14 18'}
        stroke="currentColor"
        strokeWidth="3"
        fill="none"
      />
    </svg>
  );
}
