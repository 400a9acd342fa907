import { useState } from 'react';
import type { CatalogueItem, ScreenDef, StudyConfig } from '../../../core/study-config/schema.ts';
import type { ConfigProblem } from '../../../core/study-config/validate.ts';
import { withScreens } from '../../lib/studio/config-edit.ts';
import { positionCounts } from '../../lib/studio/row-orders.ts';
import {
  generateScreens,
  type GeneratorSpec,
  type RowSpec,
  type ScreenSource,
  type TargetChoice,
} from '../../lib/studio/screen-generation.ts';
import { NumberField, ProblemList, SelectField, TextField } from './fields.tsx';

interface Props {
  config: StudyConfig;
  spec: GeneratorSpec;
  catalogue: CatalogueItem[] | null;
  /** The RecGaze preset's screens, offered when the study uses the built-in catalogue. */
  presetScreens: ScreenDef[] | null;
  onSpecChange: (spec: GeneratorSpec) => void;
  onConfigChange: (config: StudyConfig) => void;
}

const SOURCE_OPTIONS = [
  ['none', 'None'],
  ['preset', 'Fixed from the RecGaze preset'],
  ['generate', 'Generated (balanced row orders)'],
] as const;

const TASK_NAMES: Record<ScreenDef['task'], string> = {
  practice: 'Practice',
  free_browsing: 'Free browsing',
  semi_free: 'Semi-free',
  direct_search: 'Direct search',
};

const idList = (text: string) =>
  text
    .split(/[,\s]+/)
    .filter(Boolean)
    .map(Number);

/** `2:7, 9:15` → row 2 position 7, row 9 position 15. */
function parseTargets(text: string): TargetChoice[] {
  return text
    .split(/[,;\s]+/)
    .filter(Boolean)
    .map((pair) => {
      const [row, position] = pair.split(':').map(Number);
      return { row: row ?? Number.NaN, position: position ?? Number.NaN };
    });
}

export function ScreenGenerator({ config, spec, catalogue, presetScreens, onSpecChange, onConfigChange }: Props) {
  const [problems, setProblems] = useState<ConfigProblem[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [targetText, setTargetText] = useState(() => spec.direct.chosen.map((t) => `${t.row}:${t.position}`).join(', '));
  const setRow = (i: number, patch: Partial<RowSpec>) =>
    onSpecChange({ ...spec, rows: spec.rows.map((r, k) => (k === i ? { ...r, ...patch } : r)) });
  const setRowField = (i: number, key: 'genre' | 'itemIds', value: string) => {
    const { [key]: _old, ...rest } = spec.rows[i] as RowSpec;
    const next: RowSpec = !value.trim() ? rest : key === 'genre' ? { ...rest, genre: value } : { ...rest, itemIds: idList(value) };
    onSpecChange({ ...spec, rows: spec.rows.map((r, k) => (k === i ? next : r)) });
  };
  const sources = presetScreens ? SOURCE_OPTIONS : SOURCE_OPTIONS.filter(([v]) => v !== 'preset');

  const generate = () => {
    if (!catalogue) return;
    const result = generateScreens(spec, config.layout, catalogue, presetScreens ?? undefined);
    if (!result.ok) {
      setProblems(result.problems);
      setMessage(null);
      return;
    }
    setProblems([]);
    onConfigChange(withScreens(config, result.screens));
    setMessage(`Generated ${result.screens.length} screens with seed ${spec.seed}.`);
  };

  const taskRow = (key: 'free' | 'semi' | 'direct', label: string) => (
    <div className="grid" key={key}>
      <SelectField
        label={`${label}: source`}
        value={spec[key].source}
        options={sources}
        onChange={(source: ScreenSource) => onSpecChange({ ...spec, [key]: { ...spec[key], source } })}
      />
      {spec[key].source !== 'none' && (
        <NumberField
          label={`${label}: number of screens`}
          min={1}
          value={spec[key].count}
          onChange={(count) => onSpecChange({ ...spec, [key]: { ...spec[key], count } })}
        />
      )}
    </div>
  );

  return (
    <fieldset>
      <legend>Rows and screens</legend>
      <p className="hint">
        Generated screens show every row on each screen; row orders come from Latin squares so each row label takes each position equally
        often (±1 when the screen count is not a multiple of the row count), shuffled by the seed. No item appears on two screens.
      </p>
      <table className="rows-table">
        <thead>
          <tr>
            <th>#</th>
            <th>Row label</th>
            <th>Genre (default: label)</th>
            <th>Custom topic: item ids</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {spec.rows.map((row, i) => (
            <tr key={i}>
              <td>{i + 1}</td>
              <td>
                <input aria-label={`Row ${i + 1} label`} value={row.label} onChange={(e) => setRow(i, { label: e.target.value })} />
              </td>
              <td>
                <input
                  aria-label={`Row ${i + 1} genre`}
                  value={row.genre ?? ''}
                  placeholder={row.label}
                  onChange={(e) => setRowField(i, 'genre', e.target.value)}
                />
              </td>
              <td>
                <input
                  aria-label={`Row ${i + 1} item ids`}
                  value={row.itemIds?.join(' ') ?? ''}
                  placeholder="e.g. 12 40 77"
                  onChange={(e) => setRowField(i, 'itemIds', e.target.value)}
                />
              </td>
              <td>
                <button
                  type="button"
                  aria-label={`Remove row ${i + 1}`}
                  onClick={() => onSpecChange({ ...spec, rows: spec.rows.filter((_, k) => k !== i) })}
                >
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => onSpecChange({ ...spec, rows: [...spec.rows, { label: `Row ${spec.rows.length + 1}` }] })}>
        Add row
      </button>
      <div className="grid">
        <SelectField
          label="Practice: source"
          value={spec.practice}
          options={sources}
          onChange={(practice: ScreenSource) => onSpecChange({ ...spec, practice })}
        />
      </div>
      {taskRow('free', 'Free browsing')}
      {taskRow('semi', 'Semi-free')}
      {taskRow('direct', 'Direct search')}
      {spec.direct.source === 'generate' && (
        <div className="grid">
          <SelectField
            label="Direct-search targets"
            value={spec.direct.targets}
            options={[
              ['sampled', 'Sampled (spread over rows and pages)'],
              ['chosen', 'Chosen (row:position per screen)'],
            ]}
            onChange={(targets) => onSpecChange({ ...spec, direct: { ...spec.direct, targets } })}
          />
          {spec.direct.targets === 'chosen' && (
            <TextField
              label="Chosen targets"
              value={targetText}
              placeholder="2:7, 9:15, …"
              hint="row:position for each direct-search screen, in order."
              onChange={(text) => {
                setTargetText(text);
                onSpecChange({ ...spec, direct: { ...spec.direct, chosen: parseTargets(text) } });
              }}
            />
          )}
        </div>
      )}
      <div className="grid">
        <NumberField label="Seed" value={spec.seed} onChange={(seed) => onSpecChange({ ...spec, seed })} />
        <div className="field">
          <span>&nbsp;</span>
          <button type="button" onClick={() => onSpecChange({ ...spec, seed: Math.floor(Math.random() * 1_000_000) })}>
            New random seed
          </button>
        </div>
      </div>
      <button type="button" className="primary" disabled={!catalogue} onClick={generate}>
        {catalogue ? 'Generate screens' : 'Loading catalogue…'}
      </button>
      {message && <p role="status">{message}</p>}
      <ProblemList title="The screens could not be generated:" problems={problems} />
      <ScreenSummary screens={config.screens} />
    </fieldset>
  );
}

function ScreenSummary({ screens }: { screens: ScreenDef[] }) {
  const byTask = (task: ScreenDef['task']) => screens.filter((s) => s.task === task);
  const free = byTask('free_browsing');
  const counts = positionCounts(free.map((s) => s.rows.map((r) => r.label)));
  return (
    <details>
      <summary>
        Current screens: {screens.length} (
        {(Object.keys(TASK_NAMES) as ScreenDef['task'][]).map((t) => `${byTask(t).length} ${TASK_NAMES[t].toLowerCase()}`).join(', ')})
      </summary>
      <table className="compact">
        <thead>
          <tr>
            <th>Task id</th>
            <th>Task</th>
            <th>Rows (top to bottom)</th>
            <th>Genre / target</th>
          </tr>
        </thead>
        <tbody>
          {screens.map((s) => (
            <tr key={s.taskId}>
              <td>{s.taskId}</td>
              <td>{TASK_NAMES[s.task]}</td>
              <td>{s.rows.map((r) => r.label).join(' · ')}</td>
              <td>{s.genre ?? (s.target ? `row ${s.target.row}, position ${s.target.position} (item ${s.target.movieId})` : '')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {free.length > 0 && (
        <>
          <h4>Free browsing: how often each label is in each row position</h4>
          <table className="compact">
            <thead>
              <tr>
                <th>Label</th>
                {(counts.values().next().value ?? []).map((_, p) => (
                  <th key={p}>{p + 1}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {[...counts].map(([label, row]) => (
                <tr key={label}>
                  <td>{label}</td>
                  {row.map((c, p) => (
                    <td key={p}>{c}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </details>
  );
}
