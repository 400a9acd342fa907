import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import { PRESETS, RECGAZE_PRESET } from '../../../stimuli/presets.ts';
import { deleteStudy, listStudies, saveStudy, type SavedStudy } from '../../db/studies.ts';
import type { StudyConfig } from '../../../core/study-config/schema.ts';
import { parseStudyConfigJson, validateStudyConfig, type ConfigProblem } from '../../../core/study-config/validate.ts';
import {
  configToJson,
  duplicateStudy,
  generatorSpecFor,
  presetGeneratorSpec,
  studyFromPreset,
  uniqueId,
} from '../../lib/studio/config-edit.ts';
import type { GeneratorSpec } from '../../lib/studio/screen-generation.ts';
import { downloadText } from './download.ts';
import { CatalogueSection, FixationSection, GazeSection, LayoutSection, QuestionnaireSection, StudySection } from './EditorSections.tsx';
import { ProblemList } from './fields.tsx';
import { LinkPanel } from './LinkPanel.tsx';
import { PreviewPanel } from './PreviewPanel.tsx';
import { ScreenGenerator } from './ScreenGenerator.tsx';
import { SessionsPanel } from './SessionsPanel.tsx';
import { StudyList } from './StudyList.tsx';
import { useCatalogue } from '../../components/catalogue/use-catalogue.ts';
import './studio.css';
import { ANALYSIS_PATH } from '../../../core/routes.ts';

interface Draft {
  config: StudyConfig;
  spec: GeneratorSpec;
  /** Id the draft is saved under, or null before its first save. */
  savedId: string | null;
  dirty: boolean;
}

const PRESET_LIST = Object.values(PRESETS);
const randomSeed = () => Math.floor(Math.random() * 1_000_000);

export function StudioPage() {
  const saved = useLiveQuery(() => listStudies<GeneratorSpec>(), []);
  const [draft, setDraft] = useState<Draft | null>(null);
  /** Bumped whenever another study is opened, so the editor's local state starts fresh. */
  const [draftKey, setDraftKey] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [importProblems, setImportProblems] = useState<ConfigProblem[]>([]);

  const takenIds = useMemo(() => new Set([...Object.keys(PRESETS), ...(saved ?? []).map((s) => s.id)]), [saved]);
  const open = (next: Draft, message: string, fresh = true) => {
    setDraft(next);
    if (fresh) setDraftKey((k) => k + 1);
    setNotice(message);
    setImportProblems([]);
  };

  const newFromPreset = (preset: StudyConfig) => {
    const config = studyFromPreset(preset, `${preset.name} (custom)`, takenIds);
    open(
      { config, spec: presetGeneratorSpec(preset, randomSeed()), savedId: null, dirty: true },
      `New study "${config.name}" (not saved yet).`,
    );
  };
  const openSaved = (study: SavedStudy<GeneratorSpec>) =>
    open(
      { config: study.config, spec: study.studio ?? generatorSpecFor(study.config, randomSeed()), savedId: study.id, dirty: false },
      `Opened "${study.config.name}".`,
    );
  const duplicate = async (study: SavedStudy<GeneratorSpec>) => {
    const config = duplicateStudy(study.config, takenIds);
    const record = await saveStudy(config, study.studio);
    openSaved(record);
    setNotice(`Saved a copy as "${config.id}".`);
  };
  const importConfig = async (file: File) => {
    const result = parseStudyConfigJson(await file.text());
    if (!result.ok) {
      setImportProblems(result.problems);
      setNotice(null);
      return;
    }
    const id = uniqueId(result.config.id, takenIds);
    const config = { ...result.config, id };
    open(
      { config, spec: generatorSpecFor(config, randomSeed()), savedId: null, dirty: true },
      `Imported "${config.name}" from ${file.name}${id !== result.config.id ? ` as "${id}" ("${result.config.id}" is taken)` : ''}; not saved yet.`,
    );
  };

  return (
    <main className="studio">
      <header>
        <h1>Researcher studio</h1>
        <nav aria-label="Studio sections">
          <a href="#studies-heading">Studies</a>
          {draft && <a href="#editor-heading">Editor</a>}
          {draft && <a href="#preview-heading">Preview</a>}
          {draft && <a href="#link-heading">Participant link</a>}
          <a href="#sessions-heading">Sessions</a>
          <a href={ANALYSIS_PATH}>Analysis</a>
        </nav>
      </header>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <ProblemList title="The study config was not imported:" problems={importProblems} />
      <StudyList
        presets={PRESET_LIST}
        saved={saved}
        openId={draft?.savedId ?? null}
        onNewFromPreset={newFromPreset}
        onOpen={openSaved}
        onDuplicate={(s) => void duplicate(s)}
        onExport={(config) => downloadText(`${config.id}.json`, configToJson(config))}
        onDelete={(s) => {
          void deleteStudy(s.id);
          if (draft?.savedId === s.id) setDraft({ ...draft, savedId: null, dirty: true });
          setNotice(`Deleted "${s.id}".`);
        }}
        onImport={(f) => void importConfig(f)}
      />
      {draft ? (
        <Editor key={draftKey} draft={draft} takenIds={takenIds} onChange={setDraft} onSaved={(d, message) => open(d, message, false)} />
      ) : (
        <p className="hint">Start a new study from a built-in one, open a saved study, or import a config JSON.</p>
      )}
      <SessionsPanel />
    </main>
  );
}

function Editor({
  draft,
  takenIds,
  onChange,
  onSaved,
}: {
  draft: Draft;
  takenIds: ReadonlySet<string>;
  onChange: (d: Draft) => void;
  onSaved: (d: Draft, message: string) => void;
}) {
  const { config } = draft;
  const items = useCatalogue(config.catalogue);
  const knownIds = useMemo(() => (items ? new Set(items.keys()) : undefined), [items]);
  const catalogueArray = useMemo(() => (items ? [...items.values()] : null), [items]);
  const setConfig = (next: StudyConfig) => onChange({ ...draft, config: next, dirty: true });
  const setSpec = (spec: GeneratorSpec) => onChange({ ...draft, spec, dirty: true });

  const problems = useMemo(() => {
    const result = validateStudyConfig(config, config.catalogue.kind === 'builtin' ? knownIds : undefined);
    const found = result.ok ? [] : result.problems;
    if (config.id in PRESETS) found.push({ path: 'id', message: `"${config.id}" is a built-in study; choose another id` });
    else if (config.id !== draft.savedId && takenIds.has(config.id))
      found.push({ path: 'id', message: `another saved study uses "${config.id}"` });
    return found;
  }, [config, knownIds, draft.savedId, takenIds]);

  const save = async () => {
    const result = validateStudyConfig(config, config.catalogue.kind === 'builtin' ? knownIds : undefined);
    if (!result.ok || problems.length) return;
    await saveStudy(result.config, draft.spec);
    onSaved(
      { ...draft, config: result.config, savedId: result.config.id, dirty: false },
      `Saved "${result.config.name}" as ${result.config.id}.`,
    );
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
            <button type="button" className="primary" disabled={problems.length > 0 || !items} onClick={() => void save()}>
              Save study
            </button>
            <button type="button" onClick={() => downloadText(`${config.id}.json`, configToJson(config))}>
              Export config JSON
            </button>
          </div>
        </div>
      </section>
      <aside className="side">
        <PreviewPanel config={config} items={items} />
        <LinkPanel
          config={config}
          saved={!draft.dirty && draft.savedId === config.id}
          isPreset={false}
          onDownloadConfig={() => downloadText(`${config.id}.json`, configToJson(config))}
        />
      </aside>
    </div>
  );
}
