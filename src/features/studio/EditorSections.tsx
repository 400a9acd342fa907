import { useState } from 'react';
import type { CatalogueItem, StudyConfig } from '../../../core/study-config/schema.ts';
import { formatImportProblem, parseCatalogueFile } from '../../lib/studio/catalogue-import.ts';
import { looksLikeItemFeatures, parseItemFeaturesCsv, withItemFeatures } from '../../lib/studio/item-features-import.ts';
import {
  addCustomQuestion,
  removeCustomQuestion,
  updateCustomQuestion,
  updateSection,
  updateStudy,
  withBuiltinCatalogue,
  withConsent,
  withInlineCatalogue,
} from '../../lib/studio/config-edit.ts';
import { CheckField, NumberField, SelectField, TextField } from './fields.tsx';

interface SectionProps {
  config: StudyConfig;
  onChange: (config: StudyConfig) => void;
}

const BLOCK_ORDERS = [
  ['counterbalanced', 'Counterbalanced by participant id'],
  ['free_first', 'Free browsing first'],
  ['search_first', 'Semi-free + direct search first'],
] as const;

export function StudySection({ config, onChange }: SectionProps) {
  return (
    <fieldset>
      <legend>Study</legend>
      <TextField label="Study name" value={config.name} onChange={(name) => onChange(updateStudy(config, { name }))} />
      <TextField
        label="Study id"
        value={config.id}
        hint="Used in the participant link; lower-case letters, digits and -."
        onChange={(id) => onChange(updateStudy(config, { id }))}
      />
      <TextField
        label="Description"
        multiline
        value={config.description ?? ''}
        onChange={(description) => onChange(updateStudy(config, { description }))}
      />
      <TextField
        label="Site code"
        value={config.site}
        hint="Automatic participant ids are <site>_<n>."
        onChange={(site) => onChange(updateStudy(config, { site }))}
      />
      <SelectField
        label="Block order"
        value={config.blockOrder}
        options={BLOCK_ORDERS}
        onChange={(blockOrder) => onChange(updateStudy(config, { blockOrder }))}
      />
    </fieldset>
  );
}

export function CatalogueSection({ config, onChange, builtinCount }: SectionProps & { builtinCount: number | null }) {
  const [problems, setProblems] = useState<string[]>([]);
  const [loaded, setLoaded] = useState<string | null>(null);
  const inline = config.catalogue.kind === 'inline' ? config.catalogue.items : null;
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    const text = await file.text();
    if (/\.csv$/i.test(file.name) && looksLikeItemFeatures(text)) {
      const r = parseItemFeaturesCsv(text, file.name);
      if (!r.ok) {
        setProblems(r.problems.map(formatImportProblem));
        setLoaded(null);
        return;
      }
      const next = withItemFeatures(config, r.items, r.screens);
      const rebuilt = config.screens.filter((s) => r.screens.has(s.taskId)).length;
      setProblems([]);
      setLoaded(
        `${file.name} (RecGaze item_features.csv): ${r.items.length} movies with their TMDB ids; ${rebuilt} of the study's ${config.screens.length} screens rebuilt on them`,
      );
      onChange(next);
      return;
    }
    const result = parseCatalogueFile(file.name, text);
    if (!result.ok) {
      setProblems(result.problems.map(formatImportProblem));
      setLoaded(null);
      return;
    }
    setProblems([]);
    setLoaded(`${file.name}: ${result.items.length} items`);
    onChange(withInlineCatalogue(config, result.items as CatalogueItem[]));
  };
  return (
    <fieldset>
      <legend>Catalogue</legend>
      <p>
        Using:{' '}
        <strong data-testid="catalogue-status">
          {inline
            ? `imported catalogue (${inline.length} items)`
            : `built-in RecGaze catalogue${builtinCount ? ` (${builtinCount} items)` : ''}`}
        </strong>
        {inline && (
          <button type="button" onClick={() => onChange(withBuiltinCatalogue(config))}>
            Use the built-in catalogue
          </button>
        )}
      </p>
      <div className="field">
        <label htmlFor="catalogue-file">Import catalogue (CSV or JSON)</label>
        <input
          id="catalogue-file"
          type="file"
          accept=".csv,.json,text/csv,application/json"
          onChange={(e) => void onFile(e.target.files?.[0])}
        />
        <small className="hint">
          Columns / fields: <code>title</code> (required), <code>id</code>, <code>year</code>, <code>genres</code> and <code>cast</code>{' '}
          (separated by | or ;), <code>image</code> (poster file name). Posters are shown when <code>stimuli/posters/&lt;name&gt;.jpg</code>{' '}
          is part of the build; otherwise a title card is drawn. After importing, regenerate the screens. The RecGaze dataset&apos;s{' '}
          <code>item_features.csv</code> is recognised: its TMDB ids become the movie ids, overviews the synopses, and the study&apos;s
          screens of the same TaskIDs take its rows.
        </small>
      </div>
      {loaded && <p role="status">Imported {loaded}</p>}
      {problems.length > 0 && (
        <div className="problems" role="alert">
          <strong>The catalogue was not imported:</strong>
          <ul>
            {problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </div>
      )}
    </fieldset>
  );
}

const HOVER_MODES = [
  ['replace', 'Replace the image with details'],
  ['overlay', 'Overlay details on the image'],
  ['none', 'No hover details'],
] as const;

export function LayoutSection({ config, onChange }: SectionProps) {
  const layout = config.layout;
  const set = (patch: Partial<StudyConfig['layout']>) => onChange(updateSection(config, 'layout', patch));
  const aspect = layout.tileWidth / layout.tileHeight;
  return (
    <fieldset>
      <legend>Carousel layout</legend>
      <div className="grid">
        <NumberField label="Items per row" min={1} value={layout.itemsPerRow} onChange={(itemsPerRow) => set({ itemsPerRow })} />
        <NumberField label="Visible items" min={1} value={layout.visibleCount} onChange={(visibleCount) => set({ visibleCount })} />
        <NumberField
          label="Page step"
          min={1}
          value={layout.pageStep}
          onChange={(pageStep) => set({ pageStep })}
          hint="Items moved by one arrow click."
        />
        <NumberField
          label="Tile width (px at 1920)"
          min={40}
          max={1000}
          value={layout.tileWidth}
          onChange={(tileWidth) => set({ tileWidth })}
        />
        <NumberField
          label="Tile height (px at 1920)"
          min={20}
          max={1000}
          value={layout.tileHeight}
          onChange={(tileHeight) => set({ tileHeight })}
        />
        <div className="field">
          <span>Tile aspect {Number.isFinite(aspect) ? aspect.toFixed(3) : '?'}</span>
          <div className="button-row">
            {(
              [
                ['16:9', 16 / 9],
                ['2:3', 2 / 3],
                ['1:1', 1],
              ] as const
            ).map(([name, ratio]) => (
              <button key={name} type="button" onClick={() => set({ tileHeight: Math.round(layout.tileWidth / ratio) })}>
                Aspect {name}
              </button>
            ))}
          </div>
        </div>
        <SelectField label="Hover mode" value={layout.hoverMode} options={HOVER_MODES} onChange={(hoverMode) => set({ hoverMode })} />
      </div>
      <CheckField label="Wrap around" checked={layout.wrap} onChange={(wrap) => set({ wrap })} />
      <CheckField label="Drag to swipe" checked={layout.dragSwipe} onChange={(dragSwipe) => set({ dragSwipe })} />
      <p className="hint">Changing items per row needs new screens (Generate screens below).</p>
    </fieldset>
  );
}

const QUESTION_TYPES = [
  ['text', 'Free text'],
  ['single', 'Single choice'],
  ['multi', 'Multiple choice'],
  ['scale', 'Scale'],
  ['number', 'Number'],
] as const;

const lines = (text: string) => text.split('\n');
const numbers = (text: string) =>
  text
    .split(/[,\s]+/)
    .filter(Boolean)
    .map(Number);

export function QuestionnaireSection({ config, onChange }: SectionProps) {
  const q = config.questionnaires;
  const set = (patch: Partial<StudyConfig['questionnaires']>) => onChange(updateSection(config, 'questionnaires', patch));
  return (
    <fieldset>
      <legend>Questionnaires</legend>
      <TextField
        label="Consent text"
        multiline
        value={q.consent ?? ''}
        placeholder="Default consent text"
        onChange={(text) => onChange(withConsent(config, text))}
      />
      <CheckField label="Pre-survey (built-in)" checked={q.pre} onChange={(pre) => set({ pre })} />
      <CheckField
        label="Per-selection questions"
        checked={q.perSelection}
        onChange={(perSelection) => set({ perSelection })}
        hint="Familiarity and reasons after each free / semi-free pick."
      />
      <CheckField label="Post-survey (built-in)" checked={q.post} onChange={(post) => set({ post })} />
      <TextField
        label="Maximization scale items (one per line)"
        multiline
        value={q.maximizationItems.join('\n')}
        onChange={(t) => set({ maximizationItems: t.trim() ? lines(t) : [] })}
      />
      <TextField
        label="Speed reminder after free-browsing screens"
        value={q.speedReminderAfter.join(', ')}
        placeholder="e.g. 10, 20"
        onChange={(t) => set({ speedReminderAfter: numbers(t) })}
      />
      <h4>Custom questions (asked in the post-survey)</h4>
      {q.custom.map((question, i) => (
        <div className="question" key={i}>
          <TextField
            label={`Question ${i + 1} id`}
            value={question.id}
            onChange={(id) => onChange(updateCustomQuestion(config, i, { id }))}
          />
          <TextField
            label={`Question ${i + 1} text`}
            value={question.text}
            onChange={(text) => onChange(updateCustomQuestion(config, i, { text }))}
          />
          <SelectField
            label={`Question ${i + 1} type`}
            value={question.type}
            options={QUESTION_TYPES}
            onChange={(type) => onChange(updateCustomQuestion(config, i, { type }))}
          />
          {(question.type === 'single' || question.type === 'multi') && (
            <TextField
              label={`Question ${i + 1} options (one per line)`}
              multiline
              value={(question.options ?? []).join('\n')}
              onChange={(t) => onChange(updateCustomQuestion(config, i, { options: lines(t) }))}
            />
          )}
          {question.type === 'scale' && (
            <>
              <NumberField
                label={`Question ${i + 1} minimum`}
                value={question.min ?? 1}
                onChange={(min) => onChange(updateCustomQuestion(config, i, { min }))}
              />
              <NumberField
                label={`Question ${i + 1} maximum`}
                value={question.max ?? 7}
                onChange={(max) => onChange(updateCustomQuestion(config, i, { max }))}
              />
            </>
          )}
          <CheckField
            label={`Question ${i + 1} required`}
            checked={question.required ?? false}
            onChange={(required) => onChange(updateCustomQuestion(config, i, { required }))}
          />
          <button type="button" onClick={() => onChange(removeCustomQuestion(config, i))}>
            Remove question {i + 1}
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange(addCustomQuestion(config))}>
        Add custom question
      </button>
    </fieldset>
  );
}

const SOURCES = [
  ['webgazer', 'Webcam (WebGazer)'],
  ['worker', 'Webcam (gaze engine in a worker)'],
  ['mouse', 'Mouse as gaze'],
  ['simulated', 'Simulated gaze'],
  ['replay', 'Replay a recorded trace'],
] as const;

export function GazeSection({ config, onChange }: SectionProps) {
  const g = config.gaze;
  const set = (patch: Partial<StudyConfig['gaze']>) => onChange(updateSection(config, 'gaze', patch));
  return (
    <fieldset>
      <legend>Gaze and calibration</legend>
      <div className="grid">
        <SelectField
          label="Default gaze source"
          value={g.source}
          options={SOURCES}
          onChange={(source) => set({ source })}
          hint="A link's &gaze=… overrides it."
        />
        <NumberField
          label="Calibration columns"
          min={1}
          max={7}
          value={g.calibrationGrid.cols}
          onChange={(cols) => set({ calibrationGrid: { ...g.calibrationGrid, cols } })}
        />
        <NumberField
          label="Calibration rows"
          min={1}
          max={7}
          value={g.calibrationGrid.rows}
          onChange={(rows) => set({ calibrationGrid: { ...g.calibrationGrid, rows } })}
        />
        <NumberField
          label="Clicks per calibration point"
          min={1}
          max={10}
          value={g.samplesPerPoint}
          onChange={(samplesPerPoint) => set({ samplesPerPoint })}
        />
        <NumberField
          label="Validation points"
          min={1}
          max={13}
          value={g.validationPoints}
          onChange={(validationPoints) => set({ validationPoints })}
        />
        <NumberField
          label="Validation radius (px)"
          min={10}
          value={g.validationRadiusPx}
          onChange={(validationRadiusPx) => set({ validationRadiusPx })}
        />
        <NumberField
          label="Validation gate (mean error px)"
          min={10}
          value={g.validationGatePx}
          onChange={(validationGatePx) => set({ validationGatePx })}
        />
        <NumberField
          label="Maximum recalibrations"
          min={0}
          max={10}
          value={g.maxRecalibrations}
          onChange={(maxRecalibrations) => set({ maxRecalibrations })}
        />
        <NumberField
          label="Drift check every N screens (0 = never)"
          min={0}
          value={g.driftCheckEvery}
          onChange={(driftCheckEvery) => set({ driftCheckEvery })}
        />
        <NumberField
          label="Drift threshold (px)"
          min={10}
          value={g.driftThresholdPx}
          onChange={(driftThresholdPx) => set({ driftThresholdPx })}
        />
        {g.source === 'replay' && (
          <TextField label="Replay trace URL (same site)" value={g.replayUrl ?? ''} onChange={(replayUrl) => set({ replayUrl })} />
        )}
      </div>
      <CheckField
        label="Allow mouse fallback"
        checked={g.allowMouseFallback}
        onChange={(allowMouseFallback) => set({ allowMouseFallback })}
        hint="If the webcam fails or validation never passes, continue with the mouse (flagged in the data)."
      />
    </fieldset>
  );
}

export function FixationSection({ config, onChange }: SectionProps) {
  const f = config.fixation;
  const set = (patch: Partial<StudyConfig['fixation']>) => onChange(updateSection(config, 'fixation', patch));
  return (
    <fieldset>
      <legend>Fixation detection</legend>
      <div className="grid">
        <SelectField
          label="Algorithm"
          value={f.algorithm}
          options={[
            ['idt', 'I-DT (dispersion)'],
            ['ivt', 'I-VT (velocity)'],
          ]}
          onChange={(algorithm) => set({ algorithm })}
        />
        <NumberField label="Dispersion (degrees)" step={0.1} value={f.dispersionDeg} onChange={(dispersionDeg) => set({ dispersionDeg })} />
        <NumberField label="Minimum duration (ms)" value={f.minDurationMs} onChange={(minDurationMs) => set({ minDurationMs })} />
        <NumberField
          label="Velocity threshold (deg/s)"
          value={f.velocityDegPerS}
          onChange={(velocityDegPerS) => set({ velocityDegPerS })}
        />
        <NumberField label="AOI radius (px)" value={f.aoiRadiusPx} onChange={(aoiRadiusPx) => set({ aoiRadiusPx })} />
      </div>
    </fieldset>
  );
}
