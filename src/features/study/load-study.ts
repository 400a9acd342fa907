import { PRESETS } from '../../../stimuli/presets.ts';
import { databaseExists } from '../../db/db.ts';
import { getStudy } from '../../db/studies.ts';
import type { ConfigProblem } from '../../../core/study-config/validate.ts';
import { MAX_CONFIG_JSON_CHARS, parseStudyConfigJson, validateStudyConfig } from '../../../core/study-config/validate.ts';
import type { StudyConfig } from '../../../core/study-config/schema.ts';
import type { StudyRef } from './resolve-study-link.ts';

export type StudyLoad = { ok: true; config: StudyConfig } | { ok: false; title: string; problems: ConfigProblem[] };

const NOT_LOADED = 'The study config could not be loaded';

/**
 * Loads the study a link names: a built-in preset, a study saved in this browser's studio (read
 * only if the database exists: opening it would create it), or a config JSON on this site.
 */
export async function loadStudy(ref: StudyRef): Promise<StudyLoad> {
  if (ref.kind === 'preset') return { ok: true, config: PRESETS[ref.id]! };
  if (ref.kind === 'saved') {
    const saved = (await databaseExists()) ? await getStudy(ref.id) : undefined;
    if (saved) return checked(validateStudyConfig(saved.config));
    return {
      ok: false,
      title: 'Unknown study',
      problems: [
        {
          path: 'study',
          message: `"${ref.id}" is not a built-in study (${Object.keys(PRESETS).join(', ')}), not saved in this browser, and not a config URL`,
        },
      ],
    };
  }
  let text: string;
  try {
    const res = await fetch(ref.url, { cache: 'no-store' });
    if (!res.ok)
      return { ok: false, title: NOT_LOADED, problems: [{ path: 'study', message: `${ref.url}: the site answered HTTP ${res.status}` }] };
    const length = Number(res.headers.get('content-length'));
    if (length > MAX_CONFIG_JSON_CHARS * 4)
      return {
        ok: false,
        title: 'The study config is not valid',
        problems: [{ path: '(root)', message: `is ${length} bytes; a config may be at most ${MAX_CONFIG_JSON_CHARS} characters` }],
      };
    text = await res.text();
  } catch {
    return {
      ok: false,
      title: NOT_LOADED,
      problems: [{ path: 'study', message: `${ref.url} could not be reached (is the site online?)` }],
    };
  }
  return checked(parseStudyConfigJson(text));
}

function checked(result: ReturnType<typeof validateStudyConfig>): StudyLoad {
  return result.ok ? result : { ok: false, title: 'The study config is not valid', problems: result.problems };
}
