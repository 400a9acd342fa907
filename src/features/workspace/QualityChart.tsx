import type { ScreenQualityRow } from '../../../core/protocol/lab.ts';

const W = 640;
const H = 160;
const PAD = 28;

/** Gaze rate (bars, Hz) and tracking loss (dots, %) per screen, in the order the participant saw them. */
export function QualityChart({ screens }: { screens: readonly ScreenQualityRow[] }) {
  if (!screens.length) return null;
  const maxHz = Math.max(30, ...screens.map((s) => s.gazeHz ?? 0));
  const step = (W - 2 * PAD) / screens.length;
  const y = (fraction: number) => H - PAD - fraction * (H - 2 * PAD);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="quality-chart" role="img" aria-label="Gaze rate and tracking loss per screen">
      <line x1={PAD} x2={W - PAD} y1={y(0)} y2={y(0)} stroke="#666" />
      <text x={2} y={y(1) + 4} fontSize="10" fill="#9cf">
        {maxHz.toFixed(0)} Hz
      </text>
      <text x={W - PAD + 2} y={y(1) + 4} fontSize="10" fill="#fc9">
        100 %
      </text>
      {screens.map((s, i) => {
        const x = PAD + i * step;
        return (
          <g key={s.taskId}>
            {s.gazeHz !== null && (
              <rect x={x + step * 0.15} width={step * 0.7} y={y(s.gazeHz / maxHz)} height={y(0) - y(s.gazeHz / maxHz)} fill="#3a7bd5">
                <title>{`screen ${s.taskId}: ${s.gazeHz.toFixed(1)} Hz`}</title>
              </rect>
            )}
            {s.lostPct !== null && (
              <circle cx={x + step / 2} cy={y(s.lostPct / 100)} r={3} fill="#f5a623">
                <title>{`screen ${s.taskId}: ${s.lostPct.toFixed(1)} % lost`}</title>
              </circle>
            )}
            {screens.length <= 45 && (
              <text x={x + step / 2} y={H - 10} fontSize="9" fill="#aaa" textAnchor="middle">
                {s.taskId}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
