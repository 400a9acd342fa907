import { PRESETS, DEFAULT_PRESET_ID } from '../../../stimuli/presets.ts';
import { db } from '../../db/db.ts';
import type { ConfigProblem } from '../../../core/study-config/validate.ts';
import { validateStudyConfig } from '../../../core/study-config/validate.ts';
import type { StudyConfig } from '../../../core/study-config/schema.ts';

export type StudyLoad = { ok: true; config: StudyConfig } | { ok: false; title: string; problems: ConfigProblem[] };

function looksLikeUrl(ref: string): boolean {
  return /^(https?:)?\/\//.test(ref) || ref.startsWith('/') || ref.startsWith('./') || ref.endsWith('.json');
}

/**
 * Resolves `?study=`: a built-in preset id, a study saved in this browser's studio, or the URL of
 * a config JSON on this site's own origin (the app never requests anything from elsewhere).
 */
export async function loadStudy(ref: string | null): Promise<StudyLoad> {
  const id = ref?.trim() || DEFAULT_PRESET_ID;
  const preset = PRESETS[id];
  if (preset) return { ok: true, config: preset };
  if (looksLikeUrl(id)) {
    let url: URL;
    try {
      url = new URL(id, window.location.href);
    } catch {
      return { ok: false, title: 'The study link is not valid', problems: [{ path: 'study', message: `"${id}" is not a URL` }] };
    }
    if (url.origin !== window.location.origin) {
      return {
        ok: false,
        title: 'The study config must be on this site',
        problems: [{ path: 'study', message: `${url.origin} is another origin; host the config JSON next to the app` }],
      };
    }
    let text: string;
    try {
      const res = await fetch(url, { cache: 'no-store' });
      if (!res.ok)
        return {
          ok: false,
          title: 'The study config could not be loaded',
          problems: [{ path: 'study', message: `${url.pathname}: HTTP ${res.status}` }],
        };
      text = await res.text();
    } catch (err) {
      return { ok: false, title: 'The study config could not be loaded', problems: [{ path: 'study', message: (err as Error).message }] };
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      return {
        ok: false,
        title: 'The study config is not valid',
        problems: [{ path: '(root)', message: `not valid JSON: ${(err as Error).message}` }],
      };
    }
    return checked(json);
  }
  const saved = await db.studies.get(id).catch(() => undefined);
  if (saved) return checked(saved.config);
  return {
    ok: false,
    title: 'Unknown study',
    problems: [
      {
        path: 'study',
        message: `"${id}" is not a built-in study (${Object.keys(PRESETS).join(', ')}), not saved in this browser, and not a config URL`,
      },
    ],
  };
}

function checked(json: unknown): StudyLoad {
  const result = validateStudyConfig(json);
  return result.ok ? result : { ok: false, title: 'The study config is not valid', problems: result.problems };
}
