// Genre preferences from the pre-survey, and the three genre columns they drive.
import type { AnalysisSession, AoiLabel } from '../analysis/dataset.ts';
import type { Answers } from '../core/records.ts';
import type { CsvValue } from '../core/csv/write.ts';
import { GENRES } from './recgaze-columns.ts';

export type GenrePrefs = NonNullable<AnalysisSession['genrePrefs']>;

/** '4 stars - Good' → 4; anything without a leading 1–5 → undefined. */
export function ratingNumber(label: unknown): number | undefined {
  if (typeof label === 'number') return label >= 1 && label <= 5 ? label : undefined;
  if (typeof label !== 'string') return undefined;
  const m = /^\s*([1-5])\b/.exec(label);
  return m ? Number(m[1]) : undefined;
}

export function genrePrefsFromAnswers(pre: Answers | undefined): GenrePrefs | undefined {
  if (!pre) return undefined;
  const preferredRaw = pre.Preferred_genres;
  const preferred = Array.isArray(preferredRaw)
    ? preferredRaw.slice()
    : typeof preferredRaw === 'string' && preferredRaw
      ? preferredRaw.split(/\s*,\s*/)
      : [];
  const ratings: Record<string, number> = {};
  for (const g of GENRES) {
    const r = ratingNumber(pre[`${g}_rating`]);
    if (r !== undefined) ratings[g] = r;
  }
  const prefs: GenrePrefs = { preferred, ratings };
  if (typeof pre.Top_genre === 'string' && pre.Top_genre) prefs.top = pre.Top_genre;
  return prefs;
}

/** The eight `<Family>_*` AOI cells of one event (all NA when there is no event of that family). */
export function aoiCells(label: AoiLabel | null | undefined, prefs: GenrePrefs | undefined): CsvValue[] {
  if (!label) return [null, null, null, null, null, null, null, null];
  if (label.type === 'Background') return [label.type, null, null, null, null, null, null, null];
  const isMovie = label.type === 'Movie';
  const genre = label.genre;
  const top = prefs?.top === undefined || genre === undefined ? null : genre === prefs.top ? 'Top_Genre' : 'Not_Top_Genre';
  const preferred = !prefs || genre === undefined ? null : prefs.preferred.includes(genre) ? 'Preferred_Genre' : 'Not_Preferred_Genre';
  const rating = genre === undefined ? null : (prefs?.ratings[genre] ?? null);
  return [
    label.type,
    isMovie ? (label.movieId ?? null) : null,
    isMovie ? (label.position ?? null) : null,
    label.row ?? null,
    genre ?? null,
    top,
    preferred,
    rating,
  ];
}
