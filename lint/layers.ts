// The import order of the code, as data: eslint.config.ts turns it into boundary rules and
// ARCHITECTURE.md's "Layers" list is generated from it (lint/layers.test.ts checks they agree).

export interface Layer {
  /** Shown in ARCHITECTURE.md and in lint messages. */
  name: string;
  /** Folders (repo-relative) that make up the layer. */
  folders: readonly string[];
  /** Layers whose code this one may import (besides its own). */
  mayImport: readonly string[];
  /** Packages this layer may not import (besides those every layer but one is denied). */
  deniedPackages?: readonly string[];
  /** Each sub-folder is on its own: it may not import its siblings (features). */
  isolatedSubfolders?: boolean;
  /** Runs in the browser, a worker and Node alike: no DOM globals, no Node built-ins. */
  pure?: boolean;
}

/** React and the UI state around it belong to the UI layers only. */
const UI_PACKAGES = ['react', 'react-dom', 'react-dom/client', 'dexie-react-hooks', 'zustand', 'qrcode'] as const;

/** Bottom to top. */
export const LAYERS: readonly Layer[] = [
  { name: 'core', folders: ['core'], mayImport: [], deniedPackages: UI_PACKAGES, pure: true },
  { name: 'zip', folders: ['zip'], mayImport: ['core'], deniedPackages: UI_PACKAGES, pure: true },
  { name: 'analysis', folders: ['analysis'], mayImport: ['core'], deniedPackages: UI_PACKAGES, pure: true },
  { name: 'stimuli', folders: ['stimuli'], mayImport: ['core'], deniedPackages: UI_PACKAGES, pure: true },
  { name: 'format', folders: ['format'], mayImport: ['core', 'zip', 'analysis', 'stimuli'], deniedPackages: UI_PACKAGES, pure: true },
  { name: 'server', folders: ['server'], mayImport: ['core', 'zip', 'analysis', 'stimuli', 'format'], deniedPackages: UI_PACKAGES },
  { name: 'cli', folders: ['cli'], mayImport: ['core', 'zip', 'analysis', 'stimuli', 'format'], deniedPackages: UI_PACKAGES },
  { name: 'db', folders: ['src/db'], mayImport: ['core'], deniedPackages: UI_PACKAGES },
  { name: 'tracking', folders: ['src/tracking'], mayImport: ['core', 'analysis', 'db'], deniedPackages: UI_PACKAGES },
  { name: 'sync', folders: ['src/sync'], mayImport: ['core'], deniedPackages: UI_PACKAGES },
  { name: 'lib', folders: ['src/lib'], mayImport: ['core', 'zip', 'analysis', 'stimuli', 'format', 'db'], deniedPackages: UI_PACKAGES },
  {
    name: 'components',
    folders: ['src/components'],
    mayImport: ['core', 'zip', 'analysis', 'stimuli', 'format', 'db', 'tracking', 'sync', 'lib'],
  },
  {
    name: 'features',
    folders: ['src/features'],
    mayImport: ['core', 'zip', 'analysis', 'stimuli', 'format', 'db', 'tracking', 'sync', 'lib', 'components'],
    isolatedSubfolders: true,
  },
  {
    name: 'app',
    folders: ['src/app'],
    mayImport: ['core', 'zip', 'analysis', 'stimuli', 'format', 'db', 'tracking', 'sync', 'lib', 'components', 'features'],
  },
];

/** Tools that may import anything of ours (they are not imported by it). */
export const TOOL_FOLDERS = ['e2e', 'bench', 'scripts', 'lint'] as const;

/** Only the storage layer talks to IndexedDB through Dexie. */
export const DEXIE_LAYER = 'db';

/** ARCHITECTURE.md's list of layers, bottom to top. */
export function describeLayers(layers: readonly Layer[] = LAYERS): string {
  const folders = (name: string) => {
    const layer = layers.find((l) => l.name === name);
    if (!layer) throw new Error(`layers: "${name}" is not a layer`);
    return layer.folders.map((f) => `\`${f}/\``).join(', ');
  };
  const lines = layers.map((l) => {
    const own = l.isolatedSubfolders ? ' (each sub-folder on its own: they never import each other)' : '';
    const may = l.mayImport.length ? `may import ${l.mayImport.map(folders).join(', ')}` : 'imports nothing of ours';
    return `- ${folders(l.name)}${own}: ${may}`;
  });
  lines.push(
    `- \`dexie\` is imported only in ${folders(DEXIE_LAYER)}; React, \`dexie-react-hooks\`, \`zustand\` and \`qrcode\` only in ${layers
      .filter((l) => !l.deniedPackages?.length)
      .map((l) => folders(l.name))
      .join(', ')}`,
  );
  const pure = layers.filter((l) => l.pure).map((l) => folders(l.name));
  lines.push(`- ${pure.join(', ')} run in the browser, in workers and in Node: no DOM globals, and no Node built-ins outside tests`);
  lines.push(
    `- ${TOOL_FOLDERS.map((f) => `\`${f}/\``).join(', ')} and tests (\`*.test.ts\`) may import anything, except that nothing in \`src/\` imports \`server/\`; no import cycles anywhere`,
  );
  return lines.join('\n');
}
