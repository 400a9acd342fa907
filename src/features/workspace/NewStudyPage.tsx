import { useMemo, useState } from 'react';
import { PRESETS, RECGAZE_PRESET } from '../../../stimuli/presets.ts';
import { parseStudyConfigJson, type ConfigProblem } from '../../../core/study-config/validate.ts';
import { generatorSpecFor, presetGeneratorSpec, studyFromPreset, uniqueId } from '../../lib/studio/config-edit.ts';
import { failureText } from '../../sync/research-api.ts';
import { api } from './api.ts';
import type { RenderEditor, WorkspaceDraft } from './editor-host.ts';
import { navigate } from './router.tsx';
import { useLoad } from './use-load.ts';

const randomSeed = () => Math.floor(Math.random() * 1_000_000);

/** /studio/new?preset=<id> or ?import=1: an unsaved study; saving creates it on the server as a draft. */
export function NewStudyPage({ renderEditor }: { renderEditor: RenderEditor }) {
  const studies = useLoad(() => api.studies(), []);
  const taken = useMemo(() => new Set([...Object.keys(PRESETS), ...(studies.data ?? []).map((s) => s.id)]), [studies.data]);
  const query = new URLSearchParams(window.location.search);
  const preset = PRESETS[query.get('preset') ?? ''] ?? (query.get('import') ? null : RECGAZE_PRESET);
  const [draft, setDraft] = useState<WorkspaceDraft | null>(() => {
    if (!preset) return null;
    const config = studyFromPreset(preset, `${preset.name} (custom)`, new Set(Object.keys(PRESETS)));
    return { config, spec: presetGeneratorSpec(preset, randomSeed()), savedId: null, dirty: true };
  });
  const [problems, setProblems] = useState<ConfigProblem[]>([]);

  const importFile = async (file: File) => {
    const result = parseStudyConfigJson(await file.text());
    if (!result.ok) return setProblems(result.problems);
    setProblems([]);
    const config = { ...result.config, id: uniqueId(result.config.id, taken) };
    setDraft({ config, spec: generatorSpecFor(config, randomSeed()), savedId: null, dirty: true });
  };

  return (
    <>
      {!draft && (
        <section className="panel" aria-labelledby="import-heading">
          <h2 id="import-heading">Import a study config</h2>
          <div className="field">
            <label htmlFor="import-server-config">Study config (JSON)</label>
            <input
              id="import-server-config"
              type="file"
              accept=".json,application/json"
              onChange={(e) => e.target.files?.[0] && void importFile(e.target.files[0])}
            />
          </div>
          {problems.length > 0 && (
            <ul role="alert">
              {problems.map((p) => (
                <li key={p.path + p.message}>
                  <code>{p.path}</code>: {p.message}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {draft &&
        renderEditor({
          draft,
          takenIds: taken,
          onChange: setDraft,
          saveLabel: 'Save as a draft on the server',
          idLocked: false,
          onSave: async (config, spec) => {
            const result = await api.createStudy(config, spec);
            if (!result.ok) return { ok: false, message: failureText(result) };
            navigate(`/studio/studies/${config.id}?tab=design&saved=1`);
            return { ok: true, message: `Saved "${config.name}" on the server as ${config.id}.` };
          },
        })}
    </>
  );
}
