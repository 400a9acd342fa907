// README.md of every export: what each file is and the exact Python and R lines that load it. The
// file table is data (EXPORT_FILES) so a test can check that every file of a zip is described and
// read each one the way its lines say (format/export-readme.test.ts).
import { SLIDE_LABELLING } from '../analysis/aoi-mapping.ts';
import { CONVENTIONS, RAW_EVENTS_PATH, type ExportEnvelope } from './envelope.ts';
import { FILES, README_PATH } from './recgaze-columns.ts';
import { WHY_ANSWER_SPLIT, WHY_SELECTED_PATTERN } from './recgaze-rows.ts';

/** How a file is read: the arguments given to pandas' read_csv (mirrored by the test's reader). */
export interface ReadRecipe {
  sep: ',' | '\t';
  /** The cell text that means "missing" ('' = empty cell). */
  na: 'NA' | '' | 'n/a';
  /** The file has no header line; these are its column names. */
  names?: readonly string[];
  /** Columns read as text, not numbers. */
  text?: readonly string[];
}

export interface ExportFile {
  /** Variable the loading lines assign the file to. */
  name: string;
  /** Path in the zip; `<sub>`, `<ses>`, `<run>`, `<stem>` stand for the parts that vary. */
  path: string;
  pattern: RegExp;
  what: string;
  python: string;
  r: string;
  /** Tables: how they are read (null: JSON or text). */
  read: ReadRecipe | null;
}

const RECGAZE: ReadRecipe = { sep: ',', na: 'NA' };
const pyCsv = (path: string) => `pd.read_csv("${path}", keep_default_na=False, na_values=["NA"])`;
const rCsv = (path: string) => `read.csv("${path}", na.strings = "NA", check.names = FALSE, encoding = "UTF-8")`;
const BIDS_RUN = 'bids/sub-<sub>/ses-<ses>/beh/sub-<sub>_ses-<ses>_task-carousel_run-<run>';
const runPattern = (suffix: string) =>
  new RegExp(`^bids/sub-([0-9A-Za-z+]+)/ses-(\\d+)/beh/sub-\\1_ses-\\2_task-carousel_run-\\d+${suffix.replace(/\./g, '\\.')}$`);
const PHYSIO_NAMES = ['timestamp', 'x_coordinate', 'y_coordinate'];
const PHYSIOEVENTS_NAMES = ['onset', 'duration', 'trial_type', 'message'];

export const EXPORT_FILES: readonly ExportFile[] = [
  {
    path: README_PATH,
    name: 'readme',
    pattern: /^README\.md$/,
    what: 'This description.',
    python: '',
    r: '',
    read: null,
  },
  {
    path: FILES.session,
    name: 'session',
    pattern: /^session\.json$/,
    what: "Everything about the sessions: each session record (answers, selections, timing, calibration, data quality), each distinct study config once, the fixation detector's parameters per session, the export's options and units.",
    python: `json.load(open("${FILES.session}", encoding="utf-8"))`,
    r: `jsonlite::fromJSON("${FILES.session}", simplifyVector = FALSE)`,
    read: null,
  },
  {
    path: FILES.summary,
    name: 'summary',
    pattern: /^summary_feedback\.csv$/,
    what: 'RecGaze: every fixation, click and cursor visit of every screen on one timeline (columns and values as in the RecGaze dataset).',
    python: pyCsv(FILES.summary),
    r: rCsv(FILES.summary),
    read: RECGAZE,
  },
  {
    path: FILES.click,
    name: 'clicks',
    pattern: /^click_feedback\.csv$/,
    what: 'RecGaze: the selection click of each screen with the movie familiarity and the reasons (Why_Selected, see below).',
    python: pyCsv(FILES.click),
    r: rCsv(FILES.click),
    read: RECGAZE,
  },
  {
    path: FILES.item,
    name: 'items',
    pattern: /^item_features\.csv$/,
    what: "RecGaze: every movie of every screen by (TaskID, Carousel_position, Movie_position_in_carousel), with the catalogue's metadata (NA where the catalogue has none).",
    python: pyCsv(FILES.item),
    r: rCsv(FILES.item),
    read: RECGAZE,
  },
  {
    path: FILES.user,
    name: 'users',
    pattern: /^user_features\.csv$/,
    what: 'RecGaze: one row per session: pre-survey, the selection answers per screen (TaskID_<n>_*), post-survey.',
    python: pyCsv(FILES.user),
    r: rCsv(FILES.user),
    read: RECGAZE,
  },
  {
    path: FILES.aoi,
    name: 'aoi',
    pattern: /^aoi_data\.csv$/,
    what: "RecGaze: the AOI boxes of every screen on the 5760 x 3526 stimulus canvas, per browser size (Hardware_Setup). Missing cells are empty and task_id is zero-padded text ('01'), as in the original file.",
    python: `pd.read_csv("${FILES.aoi}", dtype={"task_id": str})`,
    r: `read.csv("${FILES.aoi}", na.strings = "", colClasses = c(task_id = "character"), encoding = "UTF-8")`,
    read: { sep: ',', na: '', text: ['task_id'] },
  },
  {
    path: FILES.gaze,
    name: 'gaze_samples',
    pattern: /^gaze_samples\.csv$/,
    what: 'Every gaze sample: viewport px (Gaze_LocX/Y), the 3-page stimulus canvas (Stimulus_LocX/Y), scroll, the row and its page under the gaze, validity and why a sample was lost.',
    python: pyCsv(FILES.gaze),
    r: rCsv(FILES.gaze),
    read: RECGAZE,
  },
  {
    path: FILES.fixations,
    name: 'fixations',
    pattern: /^fixations\.csv$/,
    what: "Every fixation (the study's detector, parameters in session.json) with its position on the canvas and in the viewport and its strict and closest AOI.",
    python: pyCsv(FILES.fixations),
    r: rCsv(FILES.fixations),
    read: RECGAZE,
  },
  {
    path: RAW_EVENTS_PATH,
    name: 'raw_events',
    pattern: /^raw\/events\.jsonl$/,
    what: "Every recorded event of every screen (the practice screen included), one JSON line per session and screen, compactly encoded; the app's import reads it back exactly.",
    python: `[json.loads(line) for line in open("${RAW_EVENTS_PATH}", encoding="utf-8")]`,
    r: `lapply(readLines("${RAW_EVENTS_PATH}", encoding = "UTF-8"), jsonlite::fromJSON)`,
    read: null,
  },
  {
    path: 'bids/dataset_description.json',
    name: 'dataset_description',
    pattern: /^bids\/dataset_description\.json$/,
    what: 'BIDS: the dataset description (name, BIDS version, authors, licence).',
    python: 'json.load(open("bids/dataset_description.json"))',
    r: 'jsonlite::fromJSON("bids/dataset_description.json")',
    read: null,
  },
  {
    path: 'bids/README',
    name: 'bids_readme',
    pattern: /^bids\/README$/,
    what: "BIDS: the BIDS folder's README.",
    python: 'open("bids/README").read()',
    r: 'readLines("bids/README")',
    read: null,
  },
  {
    path: 'bids/participants.tsv',
    name: 'participants',
    pattern: /^bids\/participants\.tsv$/,
    what: 'BIDS: participant labels (sub-<sub>) and the original participant ids. A label is the letters and digits of the id; ids that would collide get +2, +3...',
    python: 'pd.read_csv("bids/participants.tsv", sep="\\t", keep_default_na=False, na_values=["n/a"])',
    r: 'read.delim("bids/participants.tsv", na.strings = "n/a", encoding = "UTF-8")',
    read: { sep: '\t', na: 'n/a' },
  },
  {
    path: 'bids/participants.json',
    name: 'participants_sidecar',
    pattern: /^bids\/participants\.json$/,
    what: 'BIDS: the columns of participants.tsv.',
    python: 'json.load(open("bids/participants.json"))',
    r: 'jsonlite::fromJSON("bids/participants.json")',
    read: null,
  },
  {
    path: `${BIDS_RUN}_recording-eye1_physio.tsv.gz`,
    name: 'physio',
    pattern: runPattern('_recording-eye1_physio.tsv.gz'),
    what: 'BIDS eye tracking: the gaze samples of one screen (run = TaskID), no header; timestamp in ms from the start of the screen, x/y in viewport CSS px, n/a when lost.',
    python: `pd.read_csv("${BIDS_RUN}_recording-eye1_physio.tsv.gz", sep="\\t", header=None, names=["timestamp", "x_coordinate", "y_coordinate"], na_values=["n/a"])`,
    r: `read.delim(gzfile("${BIDS_RUN}_recording-eye1_physio.tsv.gz"), header = FALSE, col.names = c("timestamp", "x_coordinate", "y_coordinate"), na.strings = "n/a")`,
    read: { sep: '\t', na: 'n/a', names: PHYSIO_NAMES },
  },
  {
    path: `${BIDS_RUN}_recording-eye1_physio.json`,
    name: 'physio_sidecar',
    pattern: runPattern('_recording-eye1_physio.json'),
    what: 'BIDS eye tracking: its sidecar (sampling rate, calibration error in degrees, tracker, screen distance).',
    python: `json.load(open("${BIDS_RUN}_recording-eye1_physio.json"))`,
    r: `jsonlite::fromJSON("${BIDS_RUN}_recording-eye1_physio.json")`,
    read: null,
  },
  {
    path: `${BIDS_RUN}_recording-eye1_physioevents.tsv.gz`,
    name: 'physioevents',
    pattern: runPattern('_recording-eye1_physioevents.tsv.gz'),
    what: 'BIDS eye tracking: fixations, swipes and the selection of the screen, no header; onset and duration in ms on the physio timestamp timeline (OnsetSource "timestamp").',
    python: `pd.read_csv("${BIDS_RUN}_recording-eye1_physioevents.tsv.gz", sep="\\t", header=None, names=["onset", "duration", "trial_type", "message"], keep_default_na=False, na_values=["n/a"])`,
    r: `read.delim(gzfile("${BIDS_RUN}_recording-eye1_physioevents.tsv.gz"), header = FALSE, col.names = c("onset", "duration", "trial_type", "message"), na.strings = "n/a")`,
    read: { sep: '\t', na: 'n/a', names: PHYSIOEVENTS_NAMES },
  },
  {
    path: `${BIDS_RUN}_recording-eye1_physioevents.json`,
    name: 'physioevents_sidecar',
    pattern: runPattern('_recording-eye1_physioevents.json'),
    what: 'BIDS eye tracking: the columns of the physioevents file.',
    python: `json.load(open("${BIDS_RUN}_recording-eye1_physioevents.json"))`,
    r: `jsonlite::fromJSON("${BIDS_RUN}_recording-eye1_physioevents.json")`,
    read: null,
  },
  {
    path: `${BIDS_RUN}_events.tsv`,
    name: 'events',
    pattern: runPattern('_events.tsv'),
    what: 'BIDS: the behaviour of the screen (swipes, hovers with their duration, the selection), onset and duration in s from the start of the screen.',
    python: `pd.read_csv("${BIDS_RUN}_events.tsv", sep="\\t", keep_default_na=False, na_values=["n/a"])`,
    r: `read.delim("${BIDS_RUN}_events.tsv", na.strings = "n/a", encoding = "UTF-8")`,
    read: { sep: '\t', na: 'n/a' },
  },
  {
    path: `${BIDS_RUN}_events.json`,
    name: 'events_sidecar',
    pattern: runPattern('_events.json'),
    what: 'BIDS: the columns of the events file, TaskName and StimulusPresentation (screen distance, origin, resolution in device px and size in m).',
    python: `json.load(open("${BIDS_RUN}_events.json"))`,
    r: `jsonlite::fromJSON("${BIDS_RUN}_events.json")`,
    read: null,
  },
  {
    path: 'pymovements/<stem>.experiment.json',
    name: 'experiment',
    pattern: /^pymovements\/[0-9A-Za-z+]+_\d+\.experiment\.json$/,
    what: "pymovements: the session's Experiment (the viewport as the screen, its size in cm, eye distance, sampling rate); Experiment.from_dict takes it as it is.",
    python: 'pm.Experiment.from_dict(json.load(open("pymovements/<stem>.experiment.json")))',
    r: 'jsonlite::fromJSON("pymovements/<stem>.experiment.json")',
    read: null,
  },
  {
    path: 'pymovements/<stem>.meta.json',
    name: 'meta',
    pattern: /^pymovements\/[0-9A-Za-z+]+_\d+\.meta\.json$/,
    what: 'pymovements: the from_csv arguments ("from_csv") and what the Experiment had to assume (screen size, distance).',
    python: 'json.load(open("pymovements/<stem>.meta.json"))',
    r: 'jsonlite::fromJSON("pymovements/<stem>.meta.json")',
    read: null,
  },
  {
    path: 'pymovements/<stem>.csv',
    name: 'gaze',
    pattern: /^pymovements\/[0-9A-Za-z+]+_\d+\.csv$/,
    what: "pymovements: one session's gaze samples (task_id, time in ms, pixel_x and pixel_y in viewport CSS px); a lost sample has empty pixel cells; times and pixels always carry a decimal point. <stem> is <sub>_<ses>.",
    python: 'pm.gaze.from_csv("pymovements/<stem>.csv", experiment=experiment, **meta["from_csv"])',
    r: 'read.csv("pymovements/<stem>.csv", na.strings = "")',
    read: { sep: ',', na: '' },
  },
];

/** The README's rule for removing the formula guard. */
export const UNGUARD_PATTERN = "^'(?='*[-=+@\\t\\r])";

/** How swipes are recorded and how fixations during the slide are labelled. */
export const SWIPE_LABELLING = `Swipes: like the original study, a row slides 5 tiles in 500 ms (CSS \`ease\`) when its arrow is clicked; it ignores its arrows while it slides. The raw events record the swipe's start (\`swipe\`: row, direction, the page it goes to) and end (\`swipe-end\`), then a \`layout\` event with the AOI boxes of the new page; \`_events.tsv\` has both as \`swipe_forward\`/\`swipe_backward\` (duration = the slide) and \`swipe_end\` rows. Labelling: ${SLIDE_LABELLING}. Recordings made before the slide was animated have no \`swipe-end\`: their rows paged at the swipe.`;

export interface ReadmeInput {
  envelope: ExportEnvelope;
  /** Participant id → BIDS label. */
  labels: ReadonlyMap<string, string>;
}

export function exportReadme({ envelope, labels }: ReadmeInput): string {
  const options = envelope.options ?? { formulaGuard: true, includePractice: false };
  const sessions = envelope.sessions;
  const example = sessions[0];
  const stem = example ? `${labels.get(example.record.participantId)}_${example.subjectId}` : '<stem>';
  const lines: string[] = [
    '# Carousel Gaze Lab export',
    '',
    `Written ${envelope.createdAt} by Carousel Gaze Lab ${envelope.appVersion}: ${sessions.length} session${sessions.length === 1 ? '' : 's'} of ${envelope.studies.map((s) => `"${s.name}"`).join(', ') || 'no study'}.`,
    'Webcam eye tracking in the browser while participants chose movies on carousel screens, in the layout of the',
    'RecGaze dataset (de Leon-Martinez et al., SIGIR 2025) plus raw gaze, fixations, BIDS eye tracking and pymovements files.',
    '',
    '## Choices made for this export',
    '',
    options.formulaGuard
      ? "- **Formula guard: on.** Text cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) start with an extra `'` (a title `+1` is written `'+1`). Numbers are never guarded. To undo it, remove one leading `'` where a trigger follows (the lines below), or export again with the guard off."
      : '- **Formula guard: off.** Text is written as it is: opening these files in a spreadsheet may run cells that start with `=`, `+`, `-` or `@` as formulas.',
    options.includePractice
      ? '- **Practice screen: included.** TaskID 0 is in every table, BIDS run and pymovements file.'
      : '- **Practice screen: left out** of every table, BIDS run and pymovements file (as in the original dataset); only raw/events.jsonl and session.json keep it.',
    '',
    '## Files',
    '',
    '| file | what |',
    '|---|---|',
    ...EXPORT_FILES.map((f) => `| \`${f.path}\` | ${f.what} |`),
    '',
    `In the paths, \`<sub>\` is a participant's BIDS label, \`<ses>\` the SubjectID of the session, \`<run>\` the TaskID (two digits) and \`<stem>\` \`<sub>_<ses>\` (e.g. \`${stem}\`).`,
    '',
    '## Loading the files',
    '',
    'Python (pandas; pymovements for its files):',
    '',
    '```python',
    'import json, re',
    'import pandas as pd',
    'import pymovements as pm  # only for the pymovements files',
    '',
    ...EXPORT_FILES.filter((f) => f.python).map((f) => `${f.name} = ${f.python}`),
    '```',
    '',
    'R:',
    '',
    '```r',
    ...EXPORT_FILES.filter((f) => f.r).map((f) => `${f.name} <- ${f.r}`),
    '```',
    '',
    '`keep_default_na=False, na_values=["NA"]` makes pandas treat only `NA` as missing (by default it would also turn titles such as `None` or `NaN` into missing values).',
    '',
    options.formulaGuard ? 'Undo the formula guard after reading:' : 'Had the formula guard been on, this would undo it:',
    '',
    '```python',
    `df = df.apply(lambda c: c.str.replace(r"${UNGUARD_PATTERN}", "", regex=True) if c.dtype == object else c)`,
    '```',
    '',
    '```r',
    `df[] <- lapply(df, function(x) if (is.character(x)) sub("${UNGUARD_PATTERN.replace(/\\/g, '\\\\')}", "", x, perl = TRUE) else x)`,
    '```',
    '',
    '## Why_Selected',
    '',
    'As in the original dataset, the reasons a participant ticked are joined by `, ` and a free-text answer comes last as',
    '`Other: <text>`. One reason contains commas ("... ( ratings, reviews, etc.)"), so split at `, ` only before a reason',
    '(they all start with `Because ` or `I `) and take everything after the first `Other: ` as the free text:',
    '',
    '```python',
    'def split_why(cell):',
    `    m = re.match(r"${WHY_SELECTED_PATTERN}", cell)`,
    `    return (re.split(r"${WHY_ANSWER_SPLIT}", m[1]) if m[1] else []), m[2]`,
    '```',
    '',
    '```r',
    'split_why <- function(cell) {',
    `  m <- regmatches(cell, regexec("${WHY_SELECTED_PATTERN}", cell, perl = TRUE))[[1]]`,
    `  list(reasons = if (nzchar(m[2])) strsplit(m[2], "${WHY_ANSWER_SPLIT}", perl = TRUE)[[1]] else character(0), other = m[3])`,
    '}',
    '```',
    '',
    '## Units and conventions',
    '',
    ...Object.entries(CONVENTIONS).map(([k, v]) => `- \`${k}\`: ${v}`),
    `- ${SWIPE_LABELLING}`,
    '- Time 0 of a screen is when its carousel appeared; a reload resumes the same clock.',
    "- Gaze comes from a webcam (WebGazer or the app's worker engine) unless session.json names another source (mouse, replay, simulated).",
    '',
  ];
  return lines.join('\n');
}
