import { useMemo, useState, type ReactNode } from 'react';
import { PRESETS, RECGAZE_PRESET } from '../../../stimuli/presets.ts';
import type { StudyConfig } from '../../../core/study-config/schema.ts';
import { validateStudyConfig } from '../../../core/study-config/validate.ts';
import { configToJson } from '../../lib/studio/config-edit.ts';
import type { GeneratorSpec } from '../../lib/studio/screen-generation.ts';
import { downloadText } from './download.ts';
import { CatalogueSection, FixationSection, GazeSection, LayoutSection, QuestionnaireSection, StudySection } from './EditorSections.tsx';
import { ProblemList } from './fields.tsx';
import { PreviewPanel } from './PreviewPanel.tsx';
import { ScreenGenerator } from './ScreenGenerator.tsx';
import { useCatalogue } from '../../components/catalogue/use-catalogue.ts';
import './studio.css';

export interface EditorDraft {
  config: StudyConfig;
  spec: GeneratorSpec;
  /** Id the draft is saved under, or null before its first save. */
  savedId: string | null;
  dirty: boolean;
}

export type SaveOutcome = { ok: true; message: string } | { ok: false; message: string };

export interface StudyEditorProps {
  draft: EditorDraft;
  /** Ids other studies use (built-in presets are always taken). */
  takenIds: ReadonlySet<string>;
  onChange: (d: EditorDraft) => void;
  /** Stores the valid config (in this browser, or on the study server). */
  onSave: (config: StudyConfig, spec: GeneratorSpec) => Promise<SaveOutcome>;
  /** Where the study is saved, for the save button's words. */
  saveLabel?: string;
  /** Panels beside the preview (the local studio's participant link). */
  side?: ReactNode;
  /** The id cannot change once saved (the server's links use it). */
  idLocked?: boolean;
}

/** The study editor: settings, screen generator, questionnaires, live preview; saving is the caller's. */
export function StudyEditor({ draft, takenIds, onChange, onSave, saveLabel = 'Save study', side, idLocked = false }: StudyEditorProps) {
  const { config } = draft;
  const items = useCatalogue(config.catalogue);
  const knownIds = useMemo(() => (items ? new Set(items.keys()) : undefined), [items]);
  const catalogueArray = useMemo(() => (items ? [...items.values()] : null), [items]);
  const [saving, setSaving] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const setConfig = (next: StudyConfig) => onChange({ ...draft, config: next, dirty: true });
  const setSpec = (spec: GeneratorSpec) => onChange({ ...draft, spec, dirty: true });

  const problems = useMemo(() => {
    const result = validateStudyConfig(config, config.catalogue.kind === 'builtin' ? knownIds : undefined);
    const found = result.ok ? [] : result.problems;
    if (config.id in PRESETS) found.push({ path: 'id', message: `"${config.id}" is a built-in study; choose another id` });
    else if (config.id !== draft.savedId && takenIds.has(config.id))
      found.push({ path: 'id', message: `another saved study uses "${config.id}"` });
    if (idLocked && draft.savedId !== null && config.id !== draft.savedId)
      found.push({ path: 'id', message: `must stay "${draft.savedId}": the study's links use it` });
    return found;
  }, [config, knownIds, draft.savedId, takenIds, idLocked]);

  const save = async () => {
    const result = validateStudyConfig(config, config.catalogue.kind === 'builtin' ? knownIds : undefined);
    if (!result.ok || problems.length) return;
    setSaving({ busy: true, error: null });
    const outcome = await onSave(result.config, draft.spec);
    setSaving({ busy: false, error: outcome.ok ? null : outcome.message });
  };

  return (
    <div className="workspace">
      <section className="panel editor" aria-labelledby="editor-heading">
        <h2 id="editor-heading">
          Edit: {config.name} {draft.dirty ? <small>(unsaved changes)</small> : <small>(saved)</small>}
        </h2>
        <StudySection config={config} onChange={setConfig} />
        <CatalogueSection
          config={config}
          onChange={setConfig}
          builtinCount={config.catalogue.kind === 'builtin' ? (items?.size ?? null) : null}
        />
        <LayoutSection config={config} onChange={setConfig} />
        <ScreenGenerator
          config={config}
          spec={draft.spec}
          catalogue={catalogueArray}
          presetScreens={config.catalogue.kind === 'builtin' ? RECGAZE_PRESET.screens : null}
          onSpecChange={setSpec}
          onConfigChange={setConfig}
        />
        <QuestionnaireSection config={config} onChange={setConfig} />
        <GazeSection config={config} onChange={setConfig} />
        <FixationSection config={config} onChange={setConfig} />
        <ProblemList title={`${problems.length} problem${problems.length > 1 ? 's' : ''} to fix before saving:`} problems={problems} />
        <div className="save-bar">
          <div className="button-row">
            {problems.length === 0 ? (
              <span className="ok">The config is valid.</span>
            ) : (
              <span className="bad">
                {problems.length} problem{problems.length > 1 ? 's' : ''} (listed above)
              </span>
            )}
            <button type="button" className="primary" disabled={problems.length > 0 || !items || saving.busy} onClick={() => void save()}>
              {saveLabel}
            </button>
            <button type="button" onClick={() => downloadText(`${config.id}.json`, configToJson(config))}>
              Export config JSON
            </button>
          </div>
          {saving.error && (
            <p role="alert" className="bad">
              Not saved: {saving.error}
            </p>
          )}
        </div>
      </section>
      <aside className="side">
        <PreviewPanel config={config} items={items} />
        {side}
      </aside>
    </div>
  );
}
