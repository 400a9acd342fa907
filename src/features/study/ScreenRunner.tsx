import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { LayoutReason, LayoutEvent, RecordedEvent } from '../../../core/events.ts';
import { CarouselPage, type TileRef } from '../../components/carousel/CarouselPage.tsx';
import { lastChunkSeq, screenEvents, writeChunks } from '../../db/sessions.ts';
import type { SelectionRecord } from '../../../core/records.ts';
import type { CatalogueItem, LayoutSettings, ScreenDef } from '../../../core/study-config/schema.ts';
import { EventRecorder } from '../../tracking/event-recorder.ts';
import type { GazeSource } from '../../tracking/gaze-source.ts';
import { attachPageRecording, layoutEvent, screenClock, type ScreenClock } from './screen-recording.ts';
import { useStorageStatus } from './storage-status.ts';

interface Props {
  sessionId: string;
  screen: ScreenDef;
  layout: LayoutSettings;
  items: ReadonlyMap<number, CatalogueItem>;
  gaze: GazeSource;
  /** Epoch ms when this screen first started; undefined shows the intro card first. */
  startedAt: number | undefined;
  onStart: () => void;
  onSelect: (selection: SelectionRecord, events: RecordedEvent[]) => void;
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

/** One carousel screen: intro card, then the recorded carousel until a tile is clicked. */
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
  const { screen, layout, sessionId } = props;
  const containerRef = useRef<HTMLDivElement>(null);
  const recorderRef = useRef<EventRecorder | null>(null);
  const clockRef = useRef<ScreenClock | null>(null);
  const offsetsRef = useRef<number[]>(screen.rows.map(() => 0));
  const doneRef = useRef(false);
  const storage = useStorageStatus();
  const [ready, setReady] = useState<{ offsets: number[]; scrollY: number; resumed: boolean } | null>(null);
  const [width, setWidth] = useState(() => window.innerWidth);

  // Resume: restore each row's page and the scroll offset from the last stored layout.
  useEffect(() => {
    let cancelled = false;
    void screenEvents(sessionId, screen.taskId).then((events) => {
      if (cancelled) return;
      const last = [...events].reverse().find((e): e is LayoutEvent => e.kind === 'layout');
      const lastScroll = [...events].reverse().find((e) => e.kind === 'scroll' || e.kind === 'layout') as { scrollY: number } | undefined;
      setReady({ offsets: last?.offsets ?? screen.rows.map(() => 0), scrollY: lastScroll?.scrollY ?? 0, resumed: events.length > 0 });
    });
    return () => {
      cancelled = true;
    };
  }, [sessionId, screen]);

  // Nothing after the selection belongs to the screen (the selection itself is the last event).
  const record = useCallback((e: RecordedEvent) => {
    if (!doneRef.current) recorderRef.current?.push(e);
  }, []);
  const snapshot = useCallback(
    (reason: LayoutReason) => {
      const clock = clockRef.current;
      const el = containerRef.current;
      if (clock && el && !doneRef.current) record(layoutEvent(clock.now(), reason, el, offsetsRef.current, layout));
    },
    [layout, record],
  );

  useLayoutEffect(() => {
    if (!ready) return;
    offsetsRef.current = ready.offsets.slice();
    const clock = screenClock(props.startedAt, ready.resumed);
    clockRef.current = clock;
    let recorder: EventRecorder | null = null;
    let detach = () => {};
    let cancelled = false;
    void lastChunkSeq(sessionId, screen.taskId).then((seq) => {
      if (cancelled) return;
      recorder = new EventRecorder({
        sessionId,
        taskId: screen.taskId,
        sink: { writeChunks: (c) => writeChunks(c) },
        firstSeq: seq + 1,
        onWriteError: (err, pending) => storage.reportFailure(err, pending, () => recorder?.unsavedChunks() ?? []),
        onWriteRecovered: () => storage.reportRecovered(),
      });
      recorderRef.current = recorder;
      recorder.start();
      window.scrollTo(0, ready.scrollY);
      if (ready.resumed) recorder.push({ kind: 'resume', t: clock.now() });
      requestAnimationFrame(() => snapshot(ready.resumed ? 'resume' : 'load'));
      detach = attachPageRecording({
        record,
        clock,
        gaze: props.gaze,
        onScrollSettled: () => snapshot('scroll'),
        onResize: () => setWidth(window.innerWidth),
        onHidden: () => void recorder?.flush(),
      });
    });
    return () => {
      cancelled = true;
      detach();
      void recorder?.stop();
      recorderRef.current = null;
      void props.gaze.maintain?.();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- one recorder per screen, set up once ready; new callbacks must not restart it
  }, [ready]);

  // A resize re-lays the page out; record the new boxes once it has rendered.
  const firstWidth = useRef(width);
  useEffect(() => {
    if (width === firstWidth.current) return;
    firstWidth.current = width;
    requestAnimationFrame(() => snapshot('resize'));
  }, [width, snapshot]);

  const onSwipe = useCallback(
    (
      row: number,
      direction: 'forward' | 'backward',
      source: 'arrow' | 'keyboard' | 'drag',
      offset: number,
      page: number,
      offsets: number[],
    ) => {
      const clock = clockRef.current;
      if (!clock) return;
      offsetsRef.current = offsets;
      record({ kind: 'swipe', t: clock.now(), row, direction, source, page, offset });
      requestAnimationFrame(() => snapshot('swipe'));
    },
    [record, snapshot],
  );
  const onHover = useCallback(
    (phase: 'enter' | 'leave', tile: TileRef) => {
      const clock = clockRef.current;
      if (clock) record({ kind: 'hover', t: clock.now(), phase, row: tile.row, position: tile.position, movieId: tile.movieId });
    },
    [record],
  );
  const { onSelect: reportSelect } = props;
  const onSelect = useCallback(
    (tile: TileRef, x: number, y: number) => {
      const clock = clockRef.current;
      const recorder = recorderRef.current;
      if (!clock || !recorder || doneRef.current) return;
      const t = clock.now();
      record({
        kind: 'selection',
        t,
        row: tile.row,
        position: tile.position,
        column: tile.column,
        page: tile.page,
        movieId: tile.movieId,
        x,
        y,
      });
      doneRef.current = true;
      const selection: SelectionRecord = {
        taskId: screen.taskId,
        t,
        row: tile.row,
        position: tile.position,
        column: tile.column,
        page: tile.page,
        movieId: tile.movieId,
      };
      if (screen.task === 'direct_search' && screen.target) selection.correct = tile.movieId === screen.target.movieId;
      void recorder.stop().then(async () => {
        const events = await screenEvents(sessionId, screen.taskId).catch(() => [] as RecordedEvent[]);
        reportSelect(selection, events);
      });
    },
    [record, reportSelect, screen, sessionId],
  );

  if (!ready) return <p className="loading">Loading…</p>;
  return (
    <div ref={containerRef} className="screen-container">
      <CarouselPage
        screen={screen}
        layout={layout}
        items={props.items}
        viewportWidth={width}
        initialOffsets={ready.offsets}
        onSwipe={onSwipe}
        onHover={onHover}
        onSelect={onSelect}
      />
      <p className="task-reminder" aria-live="polite">
        {props.reminder}
      </p>
    </div>
  );
}
