import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { SwipeSource } from '../../../core/events.ts';
import type { CatalogueItem, LayoutSettings, ScreenDef } from '../../../core/study-config/schema.ts';
import { CarouselPage, type TileRef } from '../../components/carousel/CarouselPage.tsx';
import { collectAoiBoxes } from '../../components/carousel/collect-aoi-boxes.ts';
import type { GazeSource } from '../../tracking/gaze-source.ts';
import { openScreenRecording, type ScreenRecording, type ScreenResult } from '../../tracking/screen-recording.ts';
import type { SessionWriter } from '../../tracking/session-writer.ts';

interface Props {
  sessionId: string;
  screen: ScreenDef;
  layout: LayoutSettings;
  items: ReadonlyMap<number, CatalogueItem>;
  gaze: GazeSource;
  writer: SessionWriter;
  /** Epoch ms when this screen first started; undefined shows the intro card first. */
  startedAt: number | undefined;
  onStart: () => void;
  onSelect: (result: ScreenResult) => void;
}

export function taskInstruction(
  screen: ScreenDef,
  items: ReadonlyMap<number, CatalogueItem>,
): { title: string; text: string; reminder: string } {
  switch (screen.task) {
    case 'practice':
      return {
        title: 'Practice screen',
        text: 'Look around as you would on a streaming service and click the movie you would most like to watch. Use the arrows to see more movies in a row and scroll to see more rows.',
        reminder: 'Practice: pick a movie',
      };
    case 'free_browsing':
      return {
        title: 'Pick a movie',
        text: 'Choose a movie you would like to watch. A single click on a movie selects it and ends the screen.',
        reminder: 'Pick a movie you would like to watch',
      };
    case 'semi_free':
      return {
        title: `Pick a ${screen.genre} movie`,
        text: `Choose a movie you would like to watch from the ${screen.genre} row. A single click on a movie selects it and ends the screen.`,
        reminder: `Pick a ${screen.genre} movie`,
      };
    case 'direct_search': {
      const target = screen.target ? items.get(screen.target.movieId) : undefined;
      const name = target ? `${target.title}${target.year ? ` (${target.year})` : ''}` : 'the target movie';
      return {
        title: `Find “${name}”`,
        text: `Find the movie “${name}” and click it. Hover over a movie to see its title.`,
        reminder: `Find: ${name}`,
      };
    }
  }
}

/** One carousel screen: intro card, then the recorded carousel until a tile is clicked (the recording is src/tracking's). */
export function ScreenRunner(props: Props) {
  const instruction = taskInstruction(props.screen, props.items);
  if (props.startedAt === undefined) {
    return (
      <main className="page intro-card">
        <h1>{instruction.title}</h1>
        <p>{instruction.text}</p>
        <button type="button" className="primary" autoFocus onClick={props.onStart}>
          Start
        </button>
      </main>
    );
  }
  return <RecordedCarousel key={props.screen.taskId} {...props} startedAt={props.startedAt} reminder={instruction.reminder} />;
}

function RecordedCarousel(props: Props & { startedAt: number; reminder: string }) {
  const { screen, layout, sessionId, gaze, writer, startedAt } = props;
  const containerRef = useRef<HTMLDivElement>(null);
  const [recording, setRecording] = useState<ScreenRecording | null>(null);
  const [width, setWidth] = useState(() => window.innerWidth);

  // Opens the screen once: what storage and the writer hold of it (a reload mid-screen) decides
  // where its rows and the scroll resume.
  useEffect(() => {
    let live = true;
    void openScreenRecording({
      sessionId,
      taskId: screen.taskId,
      rows: screen.rows.length,
      layout,
      startedAt,
      gaze,
      writer,
      targetMovieId: screen.task === 'direct_search' ? screen.target?.movieId : undefined,
      readBoxes: () => (containerRef.current ? collectAoiBoxes(containerRef.current) : []),
      onResize: () => setWidth(window.innerWidth),
    }).then((r) => {
      if (live) setRecording(r);
    });
    return () => {
      live = false;
    };
  }, [sessionId, screen, layout, startedAt, gaze, writer]);

  useLayoutEffect(() => {
    if (!recording) return;
    recording.attach();
    return () => {
      recording.detach();
      void gaze.maintain?.();
    };
  }, [recording, gaze]);

  // A resize re-lays the page out; record the new boxes once it has rendered.
  const firstWidth = useRef(width);
  useEffect(() => {
    if (width === firstWidth.current) return;
    firstWidth.current = width;
    requestAnimationFrame(() => recording?.snapshot('resize'));
  }, [width, recording]);

  const onSwipe = useCallback(
    (row: number, direction: 'forward' | 'backward', source: SwipeSource, offset: number, page: number, offsets: number[]) =>
      recording?.swipe(row, direction, source, offset, page, offsets),
    [recording],
  );
  const onSwipeEnd = useCallback((row: number, offset: number, page: number) => recording?.swipeEnd(row, offset, page), [recording]);
  const onHover = useCallback((phase: 'enter' | 'leave', tile: TileRef) => recording?.hover(phase, tile), [recording]);
  const { onSelect: reportSelect } = props;
  const onSelect = useCallback(
    (tile: TileRef, x: number, y: number) => {
      const result = recording?.select(tile, x, y);
      if (result) reportSelect(result);
    },
    [recording, reportSelect],
  );

  if (!recording) return <p className="loading">Loading…</p>;
  return (
    <div ref={containerRef} className="screen-container">
      <CarouselPage
        screen={screen}
        layout={layout}
        items={props.items}
        viewportWidth={width}
        initialOffsets={recording.resume.offsets}
        onSwipe={onSwipe}
        onSwipeEnd={onSwipeEnd}
        onHover={onHover}
        onSelect={onSelect}
      />
      <p className="task-reminder" aria-live="polite">
        {props.reminder}
      </p>
    </div>
  );
}
