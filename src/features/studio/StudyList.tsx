import type { SavedStudy } from '../../db/studies.ts';
import type { StudyConfig } from '../../../core/study-config/schema.ts';
import { ConfirmButton } from './fields.tsx';
import { studyUrl } from '../../../core/routes.ts';

interface Props<E> {
  presets: StudyConfig[];
  saved: SavedStudy<E>[] | undefined;
  openId: string | null;
  onNewFromPreset: (preset: StudyConfig) => void;
  onOpen: (study: SavedStudy<E>) => void;
  onDuplicate: (study: SavedStudy<E>) => void;
  onExport: (config: StudyConfig) => void;
  onDelete: (study: SavedStudy<E>) => void;
  onImport: (file: File) => void;
}

export function StudyList<E>(p: Props<E>) {
  return (
    <section className="panel" aria-labelledby="studies-heading">
      <h2 id="studies-heading">Studies</h2>
      <table className="compact studies" aria-label="Studies">
        <thead>
          <tr>
            <th>Name</th>
            <th>Id</th>
            <th>Screens</th>
            <th>Saved</th>
            <th>Actions</th>
          </tr>
        </thead>
        <tbody>
          {p.presets.map((preset) => (
            <tr key={preset.id}>
              <td>{preset.name}</td>
              <td>
                <code>{preset.id}</code>
              </td>
              <td>{preset.screens.length}</td>
              <td>built-in</td>
              <td className="actions">
                <button type="button" onClick={() => p.onNewFromPreset(preset)}>
                  New study from {preset.id}
                </button>
                <button type="button" onClick={() => p.onExport(preset)}>
                  Export {preset.id}
                </button>
                <a href={studyUrl({ study: preset.id })} target="_blank" rel="noreferrer">
                  Participant link
                </a>
              </td>
            </tr>
          ))}
          {(p.saved ?? []).map((study) => (
            <tr key={study.id} className={study.id === p.openId ? 'current' : undefined}>
              <td>{study.config.name}</td>
              <td>
                <code>{study.id}</code>
              </td>
              <td>{study.config.screens.length}</td>
              <td>{new Date(study.updatedAt).toLocaleString()}</td>
              <td className="actions">
                <button type="button" onClick={() => p.onOpen(study)}>
                  Open {study.id}
                </button>
                <button type="button" onClick={() => p.onDuplicate(study)}>
                  Duplicate {study.id}
                </button>
                <button type="button" onClick={() => p.onExport(study.config)}>
                  Export {study.id}
                </button>
                <ConfirmButton
                  label={`Delete ${study.id}`}
                  question={`Delete ${study.id}? Its sessions are kept.`}
                  confirmLabel={`Yes, delete ${study.id}`}
                  onConfirm={() => p.onDelete(study)}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="field">
        <label htmlFor="import-config">Import study config (JSON)</label>
        <input
          id="import-config"
          type="file"
          accept=".json,application/json"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) p.onImport(file);
            e.target.value = '';
          }}
        />
      </div>
    </section>
  );
}
