import { memo } from 'react';
import type { CatalogueItem } from '../../../core/study-config/schema.ts';

// Posters the study may ship as files; when `stimuli/posters/<imageId>.jpg` exists it replaces the art.
const POSTER_FILES = import.meta.glob('../../../stimuli/posters/*.jpg', { eager: true, query: '?url', import: 'default' }) as Record<
  string,
  string
>;
const posterUrlById = new Map(Object.entries(POSTER_FILES).map(([path, url]) => [path.replace(/^.*\/([^/]+)\.jpg$/, '$1'), url]));

const GENRE_HUES: Record<string, number> = {
  Action: 8,
  Adventure: 28,
  Animation: 48,
  Comedy: 58,
  Crime: 220,
  Drama: 280,
  Family: 90,
  Fantasy: 300,
  History: 35,
  Horror: 350,
  Music: 320,
  Mystery: 250,
  Romance: 335,
  'Sci-Fi': 190,
  Thriller: 200,
  War: 60,
  Western: 30,
};

function seeded(id: number): () => number {
  let s = (id * 2654435761) >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/** Splits a title into at most 3 lines of roughly `width` characters. */
function wrapTitle(title: string, width: number): string[] {
  const words = title.split(/\s+/);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if ((line + ' ' + w).trim().length > width && line) {
      lines.push(line);
      line = w;
    } else line = (line + ' ' + w).trim();
  }
  if (line) lines.push(line);
  if (lines.length > 3)
    return [
      ...lines.slice(0, 2),
      lines
        .slice(2)
        .join(' ')
        .slice(0, width - 1) + '…',
    ];
  return lines;
}

/** Deterministic 16:9 poster: title typography on a design coloured by the movie's first genre. */
export const PosterArt = memo(function PosterArt({ item }: { item: CatalogueItem }) {
  const url = item.imageId ? posterUrlById.get(item.imageId) : undefined;
  if (url) return <img className="poster-img" src={url} alt="" draggable={false} />;
  const rand = seeded(item.id);
  const hue = GENRE_HUES[item.genres[0] ?? ''] ?? Math.floor(rand() * 360);
  const hue2 = (hue + 20 + Math.floor(rand() * 60)) % 360;
  const shape = Math.floor(rand() * 3);
  const lines = wrapTitle(item.title.toUpperCase(), 15);
  const longest = Math.max(...lines.map((l) => l.length));
  const fontSize = Math.min(lines.length > 2 ? 26 : 32, Math.floor(560 / Math.max(longest, 1)));
  const cx = 220 + rand() * 100;
  const cy = 30 + rand() * 120;
  return (
    <svg className="poster-art" viewBox="0 0 342 193" preserveAspectRatio="none" aria-hidden="true">
      <defs>
        <linearGradient id={`g${item.id}`} x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor={`hsl(${hue} 65% 32%)`} />
          <stop offset="1" stopColor={`hsl(${hue2} 70% 12%)`} />
        </linearGradient>
      </defs>
      <rect width="342" height="193" fill={`url(#g${item.id})`} />
      {shape === 0 && <circle cx={cx} cy={cy} r={60 + rand() * 40} fill={`hsl(${hue2} 80% 60% / 0.25)`} />}
      {shape === 1 && <polygon points={`${cx},0 342,0 342,193 ${cx - 120},193`} fill={`hsl(${hue2} 80% 55% / 0.22)`} />}
      {shape === 2 && <rect x={cx - 40} y="0" width="26" height="193" fill={`hsl(${hue2} 80% 60% / 0.3)`} />}
      <text
        x="16"
        y={193 - 22 - (lines.length - 1) * (fontSize + 2)}
        fill="#fff"
        fontFamily="Arial, Helvetica, sans-serif"
        fontWeight="700"
        fontSize={fontSize}
        letterSpacing="0.5"
      >
        {lines.map((l, i) => (
          <tspan key={i} x="16" dy={i === 0 ? 0 : fontSize + 2}>
            {l}
          </tspan>
        ))}
      </text>
      <text x="326" y="24" fill="#fff" fillOpacity="0.75" fontFamily="Arial, Helvetica, sans-serif" fontSize="14" textAnchor="end">
        {item.year ?? ''}
      </text>
    </svg>
  );
});
