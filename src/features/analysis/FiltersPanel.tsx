// Filters over the analysed screens; each change re-filters in the worker without re-detecting fixations.
import { useShallow } from 'zustand/react/shallow';
import { TASK_LABELS } from './analysis-engine.ts';
import { useAnalysisStore } from './analysis-store.ts';
import type { GazeSourceOption } from './filter-state.ts';

export function FiltersPanel() {
  const summary = useAnalysisStore((s) => s.summary);
  const filter = useAnalysisStore((s) => s.filter);
  const dispatch = useAnalysisStore((s) => s.dispatchFilter);
  const counts = useAnalysisStore(useShallow((s) => ({ shown: s.view?.screenIndexes.length ?? 0, pending: s.viewPending })));
  if (!summary) return null;
  return (
    <section className="panel filters" aria-labelledby="filters-h">
      <h2 id="filters-h">Filters</h2>
      <fieldset>
        <legend>Task type</legend>
        {summary.tasks.map((t) => (
          <label key={t}>
            <input type="checkbox" checked={filter.tasks.includes(t)} onChange={() => dispatch({ type: 'toggleTask', task: t })} />{' '}
            {TASK_LABELS[t]}
          </label>
        ))}
        <span className="muted">(none ticked = all)</span>
      </fieldset>
      <label>
        Participant{' '}
        <select
          aria-label="Participant"
          value={filter.participants[0] ?? ''}
          onChange={(e) => dispatch({ type: 'setParticipants', participants: e.target.value ? [e.target.value] : [] })}
        >
          <option value="">All participants</option>
          {summary.participants.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
      <label>
        Screen{' '}
        <select
          aria-label="Screen"
          value={filter.taskIds[0] ?? ''}
          onChange={(e) => dispatch({ type: 'setTaskIds', taskIds: e.target.value ? [Number(e.target.value)] : [] })}
        >
          <option value="">All screens</option>
          {summary.taskIds.map((id) => (
            <option key={id} value={id}>
              screen {id}
            </option>
          ))}
        </select>
      </label>
      <label>
        Max % tracking loss{' '}
        <input
          type="number"
          aria-label="Max % tracking loss"
          min={0}
          max={100}
          step={0.5}
          placeholder="off"
          value={filter.maxLostPct ?? ''}
          onChange={(e) => {
            const v = e.target.value.trim();
            if (v === '' || Number.isFinite(Number(v)))
              dispatch({ type: 'setMaxLostPct', value: v === '' ? null : Math.min(100, Math.max(0, Number(v))) });
          }}
        />
      </label>
      <label>
        Gaze source{' '}
        <select
          aria-label="Gaze source"
          value={filter.gazeSources[0] ?? ''}
          onChange={(e) => dispatch({ type: 'setGazeSources', gazeSources: e.target.value ? [e.target.value as GazeSourceOption] : [] })}
        >
          <option value="">All sources</option>
          {summary.gazeSources.map((g) => (
            <option key={g} value={g}>
              {g}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => dispatch({ type: 'reset' })}>
        Clear filters
      </button>
      <p className="muted" aria-live="polite">
        {counts.pending ? 'Updating…' : `${counts.shown} of ${summary.screens.length} screens shown`}
      </p>
    </section>
  );
}
