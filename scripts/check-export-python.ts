// Runs the Python lines of an export's README.md with the real pandas (an extra check beside the
// TypeScript tests, not part of npm test: it needs Debian's python3-pandas,
// `apt-get install python3-pandas`). pymovements is not packaged for Debian, so its lines are
// left out; the pymovements contract is checked by format/pymovements.test.ts.
//   npm run check-export-python [-- <export.zip>]   (default: a sample export of two test sessions)
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { createSession } from '../format/testing/create-session.ts';
import { exportFiles } from '../format/testing/export-files.ts';

const zipPath = process.argv[2];
const files = zipPath
  ? unzipSync(new Uint8Array(readFileSync(zipPath)))
  : await exportFiles([createSession({ participantId: 'PILOT_7' }), createSession({ participantId: 'PILOT-7' })]);
const dir = mkdtempSync(join(tmpdir(), 'export-python-'));
try {
  for (const [name, bytes] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
  const readme = new TextDecoder().decode(files['README.md']);
  const blocks = [...readme.matchAll(/```python\n([\s\S]*?)```/g)].map((m) => m[1]!);
  // Fill the README's placeholders with the first run and session of the export.
  const physio = Object.keys(files).find((k) => k.endsWith('_recording-eye1_physio.tsv.gz'))!;
  const [, sub, ses, run] = /sub-([^/]+)\/ses-(\d+)\/.*_run-(\d+)_/.exec(physio)!;
  const fill = (code: string) =>
    code.replaceAll('<sub>', sub!).replaceAll('<ses>', ses!).replaceAll('<run>', run!).replaceAll('<stem>', `${sub}_${ses}`);
  const loading = fill(blocks[0]!)
    .split('\n')
    .filter((l) => !/\bpm\.|pymovements/.test(l))
    .join('\n');
  const program = `
import sys
${loading}
df = summary
${blocks[1]}
${blocks[2]}
def need_numeric(name, frame, columns):
    for c in columns:
        if not pd.api.types.is_numeric_dtype(frame[c]):
            sys.exit(f"{name}: column {c} was read as {frame[c].dtype}")
need_numeric("summary_feedback.csv", summary, ["SubjectID", "TaskID", "Timestamp", "Fixation_Duration", "Cursor_Duration"])
need_numeric("gaze_samples.csv", gaze_samples, ["Timestamp", "Gaze_LocX", "Gaze_LocY", "Stimulus_LocX", "Row", "Page"])
need_numeric("fixations.csv", fixations, ["Timestamp", "Fixation_Duration", "Fixation_LocX", "Sample_count"])
need_numeric("aoi_data.csv", aoi, ["Row_num", "Row_position", "Page", "AOI_min_x", "AOI_max_y"])
need_numeric("physio", physio, ["timestamp", "x_coordinate", "y_coordinate"])
need_numeric("physioevents", physioevents, ["onset", "duration"])
need_numeric("events", events, ["onset", "duration"])
assert aoi["task_id"].dropna().str.fullmatch(r"\\d\\d").all(), "aoi_data.csv task_id lost its zero padding"
assert physio["x_coordinate"].isna().any(), "lost samples should read as NaN"
assert not df["UserID"].str.startswith("'").any(), "the guard-removing line left a guard"
reasons, other = split_why(clicks["Why_Selected"].dropna().iloc[0])
assert len(reasons) == 2 and other == '@home, "really"', (reasons, other)
pym = pd.read_csv("pymovements/${sub}_${ses}.csv", na_values=[""])
need_numeric("pymovements csv", pym, ["task_id", "time", "pixel_x", "pixel_y"])
print(f"pandas {pd.__version__}: read {len(summary)} summary rows, {len(gaze_samples)} gaze samples, {len(physio)} physio rows, participants {sorted(participants['participant_id'])}")
`;
  const out = execFileSync('/usr/bin/python3', ['-c', program], { cwd: dir, encoding: 'utf8' });
  process.stdout.write(out);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
