import { useMemo, useState } from 'react';
import { PRESETS } from '../../../stimuli/presets.ts';
import type { StudyDetail } from '../../../core/protocol/lab.ts';
import { generatorSpecFor } from '../../lib/studio/config-edit.ts';
import type { GeneratorSpec } from '../../lib/studio/screen-generation.ts';
import { failureText } from '../../sync/research-api.ts';
import { api } from './api.ts';
import type { RenderEditor, WorkspaceDraft } from './editor-host.ts';

/** The study's draft in the studio's editor; saving stores a new draft revision on the server. */
export function DesignPanel({
  study,
  renderEditor,
  onSaved,
}: {
  study: StudyDetail;
  renderEditor: RenderEditor;
  onSaved: (d: StudyDetail) => void;
}) {
  const [draft, setDraft] = useState<WorkspaceDraft>(() => ({
    config: study.draft,
    spec: (study.studio as GeneratorSpec | null) ?? generatorSpecFor(study.draft, 1),
    savedId: study.id,
    dirty: false,
  }));
  const [revision, setRevision] = useState(study.draftRevision);
  const taken = useMemo(() => new Set(Object.keys(PRESETS)), []);
  return (
    <>
      {study.publishedVersion !== null && (
        <p className="hint">
          Version {study.publishedVersion} is published and never changes: sessions keep the version they ran. What you save here is a
          draft; publish it to give new participants version {study.publishedVersion + 1}.
        </p>
      )}
      {renderEditor({
        draft,
        takenIds: taken,
        onChange: setDraft,
        saveLabel: 'Save draft on the server',
        idLocked: true,
        onSave: async (config, spec) => {
          const result = await api.saveDraft(study.id, config, spec, revision);
          if (!result.ok) return { ok: false, message: failureText(result) };
          setRevision(result.value.draftRevision);
          setDraft({ config, spec, savedId: study.id, dirty: false });
          onSaved(result.value);
          return { ok: true, message: 'Saved.' };
        },
      })}
    </>
  );
}
