import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import { PRESETS } from '../../../stimuli/presets.ts';
import { deleteStudy, listStudies, saveStudy, type SavedStudy } from '../../db/studies.ts';
import type { StudyConfig } from '../../../core/study-config/schema.ts';
import { parseStudyConfigJson, type ConfigProblem } from '../../../core/study-config/validate.ts';
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
import { ProblemList } from './fields.tsx';
import { LinkPanel } from './LinkPanel.tsx';
import { SessionsPanel } from './SessionsPanel.tsx';
import { StudyEditor, type EditorDraft as Draft } from './StudyEditor.tsx';
import { StudyList } from './StudyList.tsx';
import './studio.css';
import { ANALYSIS_PATH } from '../../../core/routes.ts';

const PRESET_LIST = Object.values(PRESETS);
const randomSeed = () => Math.floor(Math.random() * 1_000_000);

/** The studio of local-only lab mode: studies and sessions live in this browser's IndexedDB. */
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
        <p className="mode-badge local" data-testid="studio-mode">
          Local lab mode: no study server; studies and sessions are stored in this browser only
        </p>
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
        <StudyEditor
          key={draftKey}
          draft={draft}
          takenIds={takenIds}
          onChange={setDraft}
          onSave={async (config, spec) => {
            await saveStudy(config, spec);
            const message = `Saved "${config.name}" as ${config.id}.`;
            open({ ...draft, config, spec, savedId: config.id, dirty: false }, message, false);
            return { ok: true, message };
          }}
          side={
            <LinkPanel
              config={draft.config}
              saved={!draft.dirty && draft.savedId === draft.config.id}
              isPreset={false}
              onDownloadConfig={() => downloadText(`${draft.config.id}.json`, configToJson(draft.config))}
            />
          }
        />
      ) : (
        <p className="hint">Start a new study from a built-in one, open a saved study, or import a config JSON.</p>
      )}
      <SessionsPanel />
    </main>
  );
}
