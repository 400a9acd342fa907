// Bar / line chart of a FigureTable in plain SVG (inline styles, so the PNG export looks the same).
import { useRef } from 'react';
import { bandScale, barDomain, barsPath, formatTick, linearScale, lineSegments } from './chart-scale.ts';
import { columnValues, tableCsv, type FigureTable } from './figure-tables.ts';
import { saveBlob, saveCsv, slug, svgPng } from './figure-export.ts';

const W = 520;
const H = 240;
const M = { left: 56, right: 12, top: 14, bottom: 34 };
const SERIES = ['#e50914', '#4fa3ff', '#f5c518'];
const AXIS = 'rgba(255,255,255,0.6)';

export function ChartSvg({ table, svgRef }: { table: FigureTable; svgRef?: React.Ref<SVGSVGElement> }) {
  const spec = table.chart!;
  const series = spec.ys.map((c) => columnValues(table, c));
  const all = series.flat();
  if (spec.reference) all.push(spec.reference.value);
  const [d0, d1] = barDomain(all);
  const y = linearScale([d0, d1], [H - M.bottom, M.top]);
  const n = table.rows.length;
  const band = bandScale(n, [M.left, W - M.right], n > 60 ? 0 : 0.2);
  const sub = band.width / series.length;
  const labelEvery = Math.max(1, Math.ceil(n / 16));
  const cx = (i: number) => band.x(i) + band.width / 2;
  return (
    <svg
      ref={svgRef}
      viewBox={`0 0 ${W} ${H}`}
      width="100%"
      role="img"
      aria-label={table.title}
      style={{ maxWidth: W, background: 'rgb(20,20,20)' }}
    >
      {y.ticks(5).map((t) => (
        <g key={t}>
          <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} stroke="rgba(255,255,255,0.12)" />
          <text x={M.left - 6} y={y(t)} fill={AXIS} fontSize="10" textAnchor="end" dominantBaseline="middle" fontFamily="Arial, sans-serif">
            {formatTick(t)}
          </text>
        </g>
      ))}
      <line x1={M.left} x2={W - M.right} y1={y(0)} y2={y(0)} stroke={AXIS} />
      {spec.kind === 'bar'
        ? series.map((vals, si) => (
            <path key={si} d={barsPath(vals, (i) => band.x(i) + si * sub, Math.max(0.5, sub), y)} fill={SERIES[si % SERIES.length]} />
          ))
        : series.map((vals, si) => {
            return (
              <g key={si}>
                {lineSegments(vals, cx, y).map((pts, k) => (
                  <polyline key={k} points={pts} fill="none" stroke={SERIES[si % SERIES.length]} strokeWidth="2" />
                ))}
                {vals.map((v, i) =>
                  Number.isFinite(v) ? <circle key={i} cx={cx(i)} cy={y(v)} r="2.5" fill={SERIES[si % SERIES.length]} /> : null,
                )}
              </g>
            );
          })}
      {spec.reference ? (
        <g>
          <line
            x1={M.left}
            x2={W - M.right}
            y1={y(spec.reference.value)}
            y2={y(spec.reference.value)}
            stroke="#fff"
            strokeDasharray="4 3"
          />
          <text x={W - M.right} y={y(spec.reference.value) - 4} fill="#fff" fontSize="10" textAnchor="end" fontFamily="Arial, sans-serif">
            {spec.reference.label}
          </text>
        </g>
      ) : null}
      {table.rows.map((r, i) =>
        i % labelEvery === 0 ? (
          <text key={i} x={cx(i)} y={H - M.bottom + 12} fill={AXIS} fontSize="10" textAnchor="middle" fontFamily="Arial, sans-serif">
            {String(r[spec.x] ?? '')}
          </text>
        ) : null,
      )}
      <text x={M.left} y={H - 4} fill={AXIS} fontSize="10" fontFamily="Arial, sans-serif">
        {table.header[spec.x]}
      </text>
      <text
        x={12}
        y={M.top}
        fill={AXIS}
        fontSize="10"
        fontFamily="Arial, sans-serif"
        transform={`rotate(-90 12 ${M.top})`}
        textAnchor="end"
      >
        {spec.yLabel}
      </text>
      {series.length > 1
        ? spec.ys.map((c, si) => (
            <g key={c}>
              <rect x={W - M.right - 150} y={M.top + si * 14} width="10" height="10" fill={SERIES[si % SERIES.length]} />
              <text x={W - M.right - 136} y={M.top + si * 14 + 9} fill={AXIS} fontSize="10" fontFamily="Arial, sans-serif">
                {table.header[c]}
              </text>
            </g>
          ))
        : null}
    </svg>
  );
}

/** A chart (or a table without chart) with its PNG and CSV downloads. */
export function FigureCard({ table }: { table: FigureTable }) {
  const ref = useRef<SVGSVGElement>(null);
  return (
    <figure className="figure-card" data-figure={table.id}>
      <figcaption>{table.title}</figcaption>
      {table.chart ? <ChartSvg table={table} svgRef={ref} /> : null}
      <div className="figure-actions">
        {table.chart ? (
          <button type="button" onClick={() => ref.current && void svgPng(ref.current).then((b) => saveBlob(`${slug(table.id)}.png`, b))}>
            PNG
          </button>
        ) : null}
        <button type="button" onClick={() => saveCsv(`${slug(table.id)}.csv`, tableCsv(table))}>
          CSV
        </button>
      </div>
    </figure>
  );
}
