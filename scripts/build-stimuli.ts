// Dev-time only: turns the RecGaze source data in ../shared/recgaze into the compact stimuli the
// app ships (stimuli/recgaze/*.json). The app never reads ../shared itself.
import { readFileSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';

const SHARED = process.argv[2] ?? join('..', 'shared', 'recgaze');
const OUT = join('stimuli', 'recgaze');

interface SrcMovie {
  imageId: string;
  title: string;
  year: number;
  genres: string[];
  cast: string[];
}
interface SrcScreen {
  screen: number;
  task: string;
  rows: { genre: string; movies: SrcMovie[] }[];
  target?: { row: number; position: number; imageId: string; title: string; year: number };
}

const src = JSON.parse(readFileSync(join(SHARED, 'screens.json'), 'utf8')) as { screens: SrcScreen[] };
const items: { id: number; imageId: string; title: string; year: number; genres: string[]; cast: string[] }[] = [];
const idByImage = new Map<string, number>();
for (const screen of src.screens) {
  for (const row of screen.rows) {
    for (const m of row.movies) {
      if (idByImage.has(m.imageId)) continue;
      const id = items.length + 1;
      idByImage.set(m.imageId, id);
      items.push({ id, imageId: m.imageId, title: m.title, year: m.year, genres: m.genres, cast: m.cast.slice(0, 3) });
    }
  }
}

// The public data does not say which genre each semi-free screen asked for; we ask for the genre
// in these row positions so the instructed row is spread over the page (documented in README).
const SEMI_FREE_ROW = [3, 6, 9, 2, 5];

const screens = src.screens.map((s) => {
  const rows = s.rows.map((r) => ({ label: r.genre, items: r.movies.map((m) => idByImage.get(m.imageId)!) }));
  const out: Record<string, unknown> = { taskId: s.screen, task: s.task, rows };
  if (s.task === 'semi_free') {
    const k = s.screen - 31;
    out.genre = s.rows[(SEMI_FREE_ROW[k] ?? 1) - 1]!.genre;
  }
  if (s.target) {
    const movieId = idByImage.get(s.target.imageId);
    const at = s.rows[s.target.row - 1]?.movies[s.target.position - 1];
    if (!movieId || at?.imageId !== s.target.imageId) throw new Error(`screen ${s.screen}: target not at its row/position`);
    out.target = { row: s.target.row, position: s.target.position, movieId };
  }
  return out;
});

mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'catalogue.json'), JSON.stringify({ source: 'santideleon/RecGaze_Dataset (MIT); synopses omitted', items }) + '\n');
writeFileSync(join(OUT, 'screens.json'), JSON.stringify({ source: 'santideleon/RecGaze_Dataset (MIT)', screens }) + '\n');
copyFileSync(join(SHARED, 'aoi_data.csv'), join(OUT, 'aoi_data.csv'));
console.log(`build-stimuli: ${items.length} items, ${screens.length} screens -> ${OUT}`);
