// The row × position grid (rows × items per row) of one measure as a coloured SVG table.
import { useRef, useState } from 'react';
import type { MetricsTables } from '../../../analysis/metrics.ts';
import { formatTick, rampColour } from './chart-scale.ts';
import { GRID_MEASURES, gridTable, gridValues, tableCsv, type GridMeasure } from './figure-tables.ts';
import { saveBlob, saveCsv, svgPng } from './figure-export.ts';

const CELL_W = 40;
const CELL_H = 24;
const LEFT = 40;
const TOP = 22;

export function GridFigure({ metrics }: { metrics: MetricsTables }) {
  const [measure, setMeasure] = useState<GridMeasure>('dwell');
  const ref = useRef<SVGSVGElement>(null);
  const values = gridValues(metrics, measure);
  let max = 0;
  for (const line of values) for (const v of line) if (Number.isFinite(v) && v > max) max = v;
  const P = metrics.shape.positions;
  const W = LEFT + P * CELL_W + 4;
  const H = TOP + values.length * CELL_H + 4;
  return (
    <figure className="figure-card wide" data-figure="grid">
      <figcaption>
        Row × position grid:{' '}
        <label>
          measure{' '}
          <select value={measure} onChange={(e) => setMeasure(e.target.value as GridMeasure)} aria-label="Grid measure">
            {Object.entries(GRID_MEASURES).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
      </figcaption>
      <svg
        ref={ref}
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        style={{ maxWidth: W * 1.4, background: 'rgb(20,20,20)' }}
        role="img"
        aria-label={`Row × position grid of ${GRID_MEASURES[measure]}`}
      >
        {Array.from({ length: P }, (_, p) => (
          <text
            key={p}
            x={LEFT + p * CELL_W + CELL_W / 2}
            y={TOP - 8}
            fill="#aaa"
            fontSize="10"
            textAnchor="middle"
            fontFamily="Arial, sans-serif"
          >
            {p + 1}
          </text>
        ))}
        {values.map((line, r) => (
          <g key={r}>
            <text
              x={LEFT - 6}
              y={TOP + r * CELL_H + CELL_H / 2}
              fill="#aaa"
              fontSize="10"
              textAnchor="end"
              dominantBaseline="middle"
              fontFamily="Arial, sans-serif"
            >
              row {r + 1}
            </text>
            {line.map((v, p) => (
              <g key={p}>
                <rect
                  x={LEFT + p * CELL_W}
                  y={TOP + r * CELL_H}
                  width={CELL_W - 1}
                  height={CELL_H - 1}
                  fill={rampColour(max > 0 ? v / max : NaN)}
                />
                <text
                  x={LEFT + p * CELL_W + CELL_W / 2}
                  y={TOP + r * CELL_H + CELL_H / 2}
                  fill="#fff"
                  fontSize="9"
                  textAnchor="middle"
                  dominantBaseline="middle"
                  fontFamily="Arial, sans-serif"
                >
                  {Number.isFinite(v) ? formatTick(Math.round(v * 10) / 10) : ''}
                </text>
              </g>
            ))}
          </g>
        ))}
      </svg>
      <div className="figure-actions">
        <button type="button" onClick={() => ref.current && void svgPng(ref.current).then((b) => saveBlob(`grid-${measure}.png`, b))}>
          PNG
        </button>
        <button type="button" onClick={() => saveCsv(`grid-${measure}.csv`, tableCsv(gridTable(metrics, measure)))}>
          CSV
        </button>
      </div>
    </figure>
  );
}
