import { readFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { layerBlocks } from './layer-rules.ts';
import { describeLayers, LAYERS } from './layers.ts';

const ROOT = new URL('..', import.meta.url).pathname;
let eslint: ESLint;

beforeAll(() => {
  // The repo's own eslint.config.ts; `ignore: false` so the cycle fixtures (ignored by `npm run lint`) are linted.
  eslint = new ESLint({ cwd: ROOT, ignore: false });
});

/** Rule ids reported for `code` as if it were the file at `path` (the file need not exist; its imports must). */
async function rulesFor(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${path}` });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

describe('layer rules (eslint.config.ts)', () => {
  const PATHS = 'import-x/no-restricted-paths';
  const PACKAGES = 'no-restricted-imports';
  it.each([
    ['core imports nothing of ours', 'core/wrong-way.ts', '../src/db/db.ts', PATHS],
    ['analysis does not reach into src/', 'analysis/wrong-way.ts', '../src/lib/save-file.ts', PATHS],
    ['stimuli do not import analysis', 'stimuli/wrong-way.ts', '../analysis/random.ts', PATHS],
    ['a feature does not import another', 'src/features/studio/wrong-way.ts', '../study/flow.ts', PATHS],
    ['components do not import features', 'src/components/wrong-way.ts', '../features/study/flow.ts', PATHS],
    ['src/ does not import the CLI', 'src/lib/wrong-way.ts', '../../cli/analyze.ts', PATHS],
    ['the format layer does not import the app', 'format/wrong-way.ts', '../src/db/sessions.ts', PATHS],
    ['only src/db imports Dexie', 'src/lib/wrong-way.ts', 'dexie', PACKAGES],
    ['no React below the UI', 'format/wrong-way.ts', 'react', PACKAGES],
    ['the server imports no React', 'server/wrong-way.ts', 'react-dom/client', PACKAGES],
    ['no Node built-ins in the pure layers', 'analysis/wrong-way.ts', 'node:fs', PACKAGES],
  ])('%s', async (_, path, from, rule) => {
    expect(await rulesFor(path, `import * as m from '${from}';\nexport const x = m;\n`)).toContain(rule);
  });

  it('keeps the DOM out of the pure layers', async () => {
    expect(await rulesFor('format/wrong-way.ts', `export const title = () => document.title;\n`)).toContain('no-restricted-globals');
  });

  it('allows the same imports the right way round', async () => {
    const rules = await rulesFor(
      'src/features/study/right-way.ts',
      `import { carouselGeometry } from '../../../core/layout/carousel-geometry.ts';\n` +
        `import { createRng } from '../../../analysis/random.ts';\n` +
        `import { db } from '../../db/db.ts';\n` +
        `export const x = [carouselGeometry, createRng, db];\n`,
    );
    expect(rules).toEqual([]);
  });

  it('keeps every src/ layer away from server/ and server/ away from src/', () => {
    const zones = layerBlocks().flatMap((b) => {
      const rule = b.rules?.['import-x/no-restricted-paths'];
      return Array.isArray(rule) ? (rule[1] as { zones: { target: string; from: string }[] }).zones : [];
    });
    for (const layer of LAYERS.filter((l) => l.folders[0]!.startsWith('src/')))
      expect(
        zones.some((z) => z.target === `./${layer.folders[0]}` && z.from === './server'),
        layer.name,
      ).toBe(true);
    for (const from of ['./src/features', './src/components', './src/db'])
      expect(
        zones.some((z) => z.target === './server' && z.from === from),
        from,
      ).toBe(true);
  });

  it('reports an import cycle', async () => {
    const [result] = await eslint.lintFiles([`${ROOT}lint/fixtures/cycle-a.ts`]);
    expect(result!.messages.map((m) => m.ruleId)).toContain('import-x/no-cycle');
  });

  it('reports a comment that names a file not in the repository or is over the width, and a directive that disables nothing', async () => {
    const missing = await rulesFor('core/comments.ts', `// Moved from src/db/no-such-file.ts.\nexport const x = 1;\n`);
    expect(missing).toContain('local/comment-paths');
    const present = await rulesFor('core/comments.ts', `// Like src/db/db.ts and ./records.ts.\nexport const x = 1;\n`);
    expect(present).toEqual([]);
    const unused = await rulesFor('core/comments.ts', `// eslint-disable-next-line no-console\nexport const x = 1;\n`);
    expect(unused).toHaveLength(1);
    const long = await rulesFor('core/comments.ts', `// ${'x'.repeat(150)}\nexport const x = 1;\n`);
    expect(long).toEqual(['max-len']);
  });
});

describe('ARCHITECTURE.md', () => {
  it('lists the layers exactly as lint/layers.ts defines them', () => {
    const doc = readFileSync(`${ROOT}ARCHITECTURE.md`, 'utf8');
    const block = /<!-- layers:begin -->\n([\s\S]*?)\n<!-- layers:end -->/.exec(doc)?.[1];
    const want = describeLayers();
    expect(block, `ARCHITECTURE.md needs this between <!-- layers:begin --> and <!-- layers:end -->:\n${want}`).toBe(want);
  });
});
