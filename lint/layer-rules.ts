// lint/layers.ts as ESLint config blocks: import-x/no-restricted-paths for imports of our own
// folders, no-restricted-imports for packages, no-restricted-globals for the DOM in pure layers.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Linter } from 'eslint';
import { DEXIE_LAYER, LAYERS, TOOL_FOLDERS, type Layer } from './layers.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = '**/*.{ts,tsx,mjs}';
const TESTS = ['**/*.test.ts', '**/*.test.tsx'];
const DOM_GLOBALS = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'indexedDB'];

interface Zone {
  target: string;
  from: string;
  except?: string[];
  message: string;
}

const see = 'see ARCHITECTURE.md, "Layers"';

function zonesFor(layer: Layer, layers: readonly Layer[]): Zone[] {
  const zones: Zone[] = [];
  for (const target of layer.folders) {
    for (const other of layers) {
      if (other === layer || layer.mayImport.includes(other.name)) continue;
      for (const from of other.folders)
        zones.push({ target: `./${target}`, from: `./${from}`, message: `${layer.name} may not import ${other.name} (${from}/): ${see}.` });
    }
    for (const tool of TOOL_FOLDERS)
      zones.push({ target: `./${target}`, from: `./${tool}`, message: `${layer.name} may not import the tool folder ${tool}/.` });
    if (layer.isolatedSubfolders) {
      const dir = join(ROOT, target);
      const subs = existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()) : [];
      for (const sub of subs)
        zones.push({
          target: `./${target}/${sub.name}`,
          from: `./${target}`,
          except: [`./${sub.name}`],
          message: `${target}/${sub.name} may not import another ${layer.name} folder: ${see}.`,
        });
    }
  }
  return zones;
}

/** Packages the layer may not import; in sources of a pure layer also Node's built-ins. */
function restrictedImports(layer: Layer, inTests: boolean): Linter.RuleEntry {
  const paths = (layer.deniedPackages ?? []).map((name) => ({
    name,
    message: `${layer.name} is below the UI: React and UI state belong in src/components, src/features and src/app (${see}).`,
  }));
  if (layer.name !== DEXIE_LAYER) paths.push({ name: 'dexie', message: `Only src/db imports Dexie: use its queries (${see}).` });
  const patterns =
    layer.pure && !inTests
      ? [{ group: ['node:*'], message: `${layer.name} runs in the browser and in workers too: no Node built-ins outside tests.` }]
      : [];
  return ['error', { paths, patterns }];
}

/** ESLint config blocks that enforce the layers (later blocks win, so tests come after sources). */
export function layerBlocks(layers: readonly Layer[] = LAYERS): Linter.Config[] {
  const blocks: Linter.Config[] = [];
  // Default for every file of ours outside the tools: Dexie only in src/db.
  blocks.push({
    files: [SOURCES],
    ignores: TOOL_FOLDERS.map((t) => `${t}/**`),
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'dexie', message: `Only src/db imports Dexie (${see}).` }] }] },
  });
  for (const layer of layers) {
    const files = layer.folders.map((f) => `${f}/${SOURCES}`);
    blocks.push({
      name: `layer ${layer.name}`,
      files,
      rules: {
        'import-x/no-restricted-paths': ['error', { basePath: ROOT, zones: zonesFor(layer, layers) }],
        'no-restricted-imports': restrictedImports(layer, false),
        'no-restricted-globals': layer.pure ? ['error', ...DOM_GLOBALS] : 'off',
      },
    });
    // Tests may import anything (fixtures, presets, Node's fs), but nothing in src/ imports server/.
    const serverZones = layer.folders[0]!.startsWith('src/')
      ? layer.folders.map((f) => ({ target: `./${f}`, from: './server', message: `src/ never imports server/ (${see}).` }))
      : [];
    blocks.push({
      name: `layer ${layer.name}: tests`,
      files: layer.folders.flatMap((f) => TESTS.map((t) => `${f}/${t}`)),
      rules: {
        'import-x/no-restricted-paths': serverZones.length ? ['error', { basePath: ROOT, zones: serverZones }] : 'off',
        'no-restricted-imports': restrictedImports(layer, true),
        'no-restricted-globals': 'off',
      },
    });
  }
  return blocks;
}
