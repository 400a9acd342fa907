import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The layers the study server relies on: core/ is the ground (it imports only itself and
// valibot), server/ never reaches into the app (src/), React or Dexie, and the app never
// imports the server.

const ROOT = resolve(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)].map((m) => {
    const spec = m[1]!;
    return spec.startsWith('.') ? relative(ROOT, resolve(ROOT, file, '..', spec)) : spec;
  });
}

describe('import boundaries', () => {
  it('core/ imports only core/ and valibot', () => {
    const bad = sources('core').flatMap((f) =>
      imports(f)
        .filter((i) => !i.startsWith('core/') && i !== 'valibot')
        .map((i) => `${f} -> ${i}`),
    );
    expect(bad).toEqual([]);
  });

  it('server/ does not import the app, React or Dexie', () => {
    const bad = sources('server').flatMap((f) =>
      imports(f)
        .filter((i) => i.startsWith('src/') || /^(react|react-dom|dexie)(\/|$)/.test(i))
        .map((i) => `${f} -> ${i}`),
    );
    expect(bad).toEqual([]);
  });

  it('src/ does not import server/', () => {
    const bad = sources('src').flatMap((f) =>
      imports(f)
        .filter((i) => i.startsWith('server/'))
        .map((i) => `${f} -> ${i}`),
    );
    expect(bad).toEqual([]);
  });
});
