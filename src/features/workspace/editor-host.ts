import type { ReactNode } from 'react';
import type { StudyConfig } from '../../../core/study-config/schema.ts';
import type { GeneratorSpec } from '../../lib/studio/screen-generation.ts';

// The study editor lives in the studio feature; the app hands it to the workspace (features do not
// import each other), which saves what it edits on the server.

export interface WorkspaceDraft {
  config: StudyConfig;
  spec: GeneratorSpec;
  savedId: string | null;
  dirty: boolean;
}

export interface EditorHostProps {
  draft: WorkspaceDraft;
  takenIds: ReadonlySet<string>;
  onChange: (d: WorkspaceDraft) => void;
  onSave: (config: StudyConfig, spec: GeneratorSpec) => Promise<{ ok: boolean; message: string }>;
  saveLabel: string;
  idLocked: boolean;
}

export type RenderEditor = (props: EditorHostProps) => ReactNode;
