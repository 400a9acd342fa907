import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type MouseEvent,
  type PointerEvent,
} from 'react';
import { flushSync } from 'react-dom';
import type { SwipeSource } from '../../../core/events.ts';
import { carouselGeometry, type CarouselGeometry } from '../../../core/layout/carousel-geometry.ts';
import { canSwipe, nextOffset, pageOf, visiblePositions } from '../../../core/layout/paging.ts';
import { SLIDE_EASING, SLIDE_MS, slideStrip } from '../../../core/layout/slide.ts';
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
  /** A swipe starts (the arrow, key or drag): the row slides to `offset` (page `page`). */
  onSwipe?: (row: number, direction: 'forward' | 'backward', source: SwipeSource, offset: number, page: number, offsets: number[]) => void;
  /** The slide has ended and the row's new tiles are rendered in place (read the AOI boxes now). */
  onSwipeEnd?: (row: number, offset: number, page: number, offsets: number[]) => void;
  onHover?: (phase: 'enter' | 'leave', tile: TileRef) => void;
  onSelect?: (tile: TileRef, x: number, y: number) => void;
}

const DRAG_THRESHOLD_PX = 60;

/** A row sliding from one first-visible offset to another. */
interface Slide {
  from: number;
  to: number;
  direction: 'forward' | 'backward';
}

/** One carousel screen laid out exactly like the original (SPEC "Interface"), at any width. */
export function CarouselPage(props: CarouselPageProps) {
  const { screen, layout, viewportWidth, interactive = true, onSwipe, onSwipeEnd } = props;
  const geo = carouselGeometry(layout, screen.rows.length, viewportWidth);
  const [offsets, setOffsets] = useState<number[]>(() => screen.rows.map((_, i) => props.initialOffsets?.[i] ?? 0));
  // The swipe handler's view of the offsets: it sets both, so two swipes before a render chain.
  const offsetsRef = useRef(offsets);
  const [slides, setSlides] = useState<ReadonlyMap<number, Slide>>(new Map());
  const slidesRef = useRef(slides);
  const [hovered, setHovered] = useState<string | null>(null);

  const swipe = useCallback(
    (row: number, direction: 'forward' | 'backward', source: SwipeSource) => {
      // Like slick (waitForAnimate), a row ignores its arrows while it slides.
      if (slidesRef.current.has(row)) return;
      const current = offsetsRef.current;
      const from = current[row - 1] ?? 0;
      if (!canSwipe(from, direction, layout)) return;
      const to = nextOffset(from, direction, layout);
      const next = current.slice();
      next[row - 1] = to;
      offsetsRef.current = next;
      const sliding = new Map(slidesRef.current).set(row, { from, to, direction });
      slidesRef.current = sliding;
      setOffsets(next);
      setSlides(sliding);
      setHovered(null);
      onSwipe?.(row, direction, source, to, pageOf(to, layout), next);
    },
    [layout, onSwipe],
  );

  const endSlide = useCallback(
    (row: number) => {
      if (!slidesRef.current.has(row)) return;
      const sliding = new Map(slidesRef.current);
      sliding.delete(row);
      slidesRef.current = sliding;
      // The new tiles are in the DOM when this returns, so the caller can read their boxes.
      flushSync(() => setSlides(sliding));
      const to = offsetsRef.current[row - 1] ?? 0;
      onSwipeEnd?.(row, to, pageOf(to, layout), offsetsRef.current.slice());
    },
    [layout, onSwipeEnd],
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
          slide={slides.get(r + 1)}
          endSlide={endSlide}
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
  slide: Slide | undefined;
  endSlide: (row: number) => void;
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

  const section = useRef<HTMLElement>(null);
  // A key that paged the row from one of its tiles: that tile slides away, so the focus goes to the
  // row's first tile once the slide has ended (the next key pages on).
  const refocus = useRef(false);
  useEffect(() => {
    if (p.slide || !refocus.current) return;
    refocus.current = false;
    section.current?.querySelector<HTMLElement>('[data-aoi=tile][data-column="1"]')?.focus({ preventScroll: true });
  }, [p.slide]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (!p.interactive) return;
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      e.preventDefault();
      if ((e.target as HTMLElement).dataset.aoi === 'tile') refocus.current = true;
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
    <section ref={section} className="carousel-row" aria-label={p.label} onKeyDown={onKeyDown} {...dragHandlers}>
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
      {p.slide ? (
        <SlidingTiles
          row={row}
          slide={p.slide}
          items={p.items}
          catalogue={p.catalogue}
          layout={layout}
          geo={geo}
          endSlide={p.endSlide}
          onSelect={p.interactive ? p.onSelect : undefined}
        />
      ) : (
        positions.map((position, c) => {
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
              <TileFace item={item} movieId={movieId} />
              {isHovered && item && <DetailsPanel item={item} maxHeight={geo.detailsMaxHeight} />}
            </div>
          );
        })
      )}
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

function TileFace({ item, movieId }: { item: CatalogueItem | undefined; movieId: number }) {
  return item ? <PosterArt item={item} /> : <div className="poster-missing">Item {movieId}</div>;
}

interface SlidingProps {
  row: number;
  slide: Slide;
  items: number[];
  catalogue: ReadonlyMap<number, CatalogueItem>;
  layout: LayoutSettings;
  geo: CarouselGeometry;
  endSlide: (row: number) => void;
  onSelect: CarouselPageProps['onSelect'];
}

/**
 * A row during its slide: the pages being left and entered side by side on a track that moves
 * 500 ms with `ease` (slick's defaults), clipped to the slider. Its tiles are no AOIs (they move):
 * the boxes are read again when the slide has ended.
 */
function SlidingTiles({ row, slide, items, catalogue, layout, geo, endSlide, onSelect }: SlidingProps) {
  const track = useRef<HTMLDivElement>(null);
  const slider = useRef<HTMLDivElement>(null);
  // A moving tile can be picked, as on the original's slider: its column is where it is now.
  const select = (index: number, e: MouseEvent<HTMLDivElement>) => {
    const box = slider.current?.getBoundingClientRect();
    if (!onSelect || !box) return;
    const left = e.currentTarget.getBoundingClientRect().left - box.left;
    const column = Math.min(layout.visibleCount, Math.max(1, Math.round(left / geo.pitch) + 1));
    const tile: TileRef = { row, position: index + 1, column, page: pageOf(index, layout), movieId: items[index]! };
    onSelect(tile, e.clientX, e.clientY);
  };
  const strip = slideStrip(slide.from, slide.to, slide.direction, layout);
  const shift = (tiles: number) => `translateX(${-tiles * geo.pitch}px)`;
  const startShift = strip.startShift;
  const endShift = strip.endShift;
  useLayoutEffect(() => {
    const el = track.current;
    if (!el) return;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      clearTimeout(fallback);
      endSlide(row);
    };
    const animation = el.animate([{ transform: shift(startShift) }, { transform: shift(endShift) }], {
      duration: SLIDE_MS,
      easing: SLIDE_EASING,
      fill: 'forwards',
    });
    animation.finished.then(end, () => {});
    // A hidden tab may not advance the animation: the slide still ends (a timer runs there, if slowly).
    const fallback = setTimeout(end, SLIDE_MS + 500);
    return () => {
      ended = true;
      clearTimeout(fallback);
      animation.cancel();
    };
    // the slide is fixed for the component's life (a new slide mounts a new one)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <div
      className="row-slider"
      ref={slider}
      data-sliding-row={row}
      style={{ left: geo.columnLeft(1), top: geo.tileTop(row), width: geo.sliderRight - geo.columnLeft(1), height: geo.tileHeight }}
    >
      <div className="row-track" ref={track} style={{ transform: shift(startShift) }}>
        {strip.items.map((index, k) => {
          const movieId = items[index]!;
          return (
            <div
              key={k}
              className="tile"
              data-slide-position={index + 1}
              style={{ left: k * geo.pitch, top: 0, width: geo.tileWidth, height: geo.tileHeight }}
              onClick={(e) => select(index, e)}
            >
              <TileFace item={catalogue.get(movieId)} movieId={movieId} />
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** The original's hover details: "Title (Year)" in 18 px, "Genre:", "Cast:" and the synopsis in 12 px. */
function DetailsPanel({ item, maxHeight }: { item: CatalogueItem; maxHeight: number }) {
  return (
    <div className="details-panel" style={{ maxHeight }} data-testid="details-panel">
      <h3 className="details-title">
        {item.title}
        {item.year ? ` (${item.year})` : ''}
      </h3>
      <div className="details-genres">
        <span className="subheading">Genre:</span> {item.genres.slice(0, 3).join(', ')}
      </div>
      <div className="details-cast">
        <span className="subheading">Cast:</span> {item.cast.slice(0, 3).join(', ')}
      </div>
      {item.synopsis ? <div className="details-synopsis">{item.synopsis}</div> : null}
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
