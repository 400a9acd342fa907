// Builds the in-page half of the synthetic participant (page/*.ts) into classic scripts for an
// init script: the main-thread part and the render worker. Vite (already a dev dependency)
// bundles them once per process.
import { fileURLToPath } from 'node:url';
import { build, type Rollup } from 'vite';
import type { CameraConfig } from './protocol.ts';
import { PAGE_API } from './protocol.ts';

async function iife(entry: string): Promise<string> {
  const out = (await build({
    configFile: false,
    logLevel: 'silent',
    publicDir: false,
    build: {
      write: false,
      minify: false,
      lib: { entry: fileURLToPath(new URL(entry, import.meta.url)), formats: ['iife'], name: 'bundle', fileName: () => 'bundle.js' },
    },
  })) as Rollup.RollupOutput | Rollup.RollupOutput[];
  const chunk = (Array.isArray(out) ? out : [out]).flatMap((o) => o.output).find((o): o is Rollup.OutputChunk => o.type === 'chunk');
  if (!chunk) throw new Error(`synthetic participant: bundling ${entry} gave nothing`);
  return chunk.code;
}

let cached: Promise<{ main: string; worker: string }> | null = null;

function bundles(): Promise<{ main: string; worker: string }> {
  cached ??= Promise.all([iife('./page/index.ts'), iife('./page/render-worker.ts')]).then(([main, worker]) => ({ main, worker }));
  return cached;
}

/**
 * The init script: defines the in-page library (`window.${PAGE_API}Lib`) and, given a config,
 * installs the camera. `__name`: tsx (esbuild keepNames) wraps functions that Node code passes to
 * page.evaluate in it.
 */
export async function initScript(config?: CameraConfig): Promise<string> {
  const { main, worker } = await bundles();
  return [
    'globalThis.__name ??= (f) => f;',
    `globalThis.__syntheticWorkerSource = ${JSON.stringify(worker)};`,
    main,
    config ? `${PAGE_API}Lib.install(${JSON.stringify(config)});` : '',
  ].join('\n');
}
