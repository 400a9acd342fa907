// Loads MediaPipe's face mesh (the legacy @mediapipe/face_mesh solution WebGazer uses, served from
// the app's own origin) inside a worker. Worker-only: it evaluates the solution's scripts.

/** The version whose internals `patchWorkerGlContext` knows; package.json pins it. */
export const SUPPORTED_FACE_MESH = '0.4.1657299874';

export interface NormalizedLandmark {
  x: number;
  y: number;
  z: number;
}
interface FaceMeshResults {
  multiFaceLandmarks?: NormalizedLandmark[][];
}
interface FaceMeshSolution {
  setOptions(options: Record<string, unknown>): void;
  onResults(listener: (results: FaceMeshResults) => void): void;
  initialize(): Promise<void>;
  send(inputs: { image: OffscreenCanvas | ImageBitmap }): Promise<void>;
  close(): Promise<void>;
}
type FaceMeshConstructor = new (config: { locateFile: (file: string) => string }) => FaceMeshSolution;

export interface FaceMeshHandle {
  /** Landmarks of the one face in `image` (normalised to 0..1; z in x's scale), or null. */
  detect(image: OffscreenCanvas): Promise<NormalizedLandmark[] | null>;
  close(): Promise<void>;
}

const scope = globalThis as unknown as Record<string, unknown>;

/**
 * The solution loads its wasm glue with importScripts, which module workers (how Vite builds
 * workers) do not have: fetch each script synchronously and run it in the global scope instead.
 */
function installImportScripts(): void {
  scope.importScripts = (...urls: string[]) => {
    for (const url of urls) {
      const xhr = new XMLHttpRequest();
      xhr.open('GET', url, false);
      xhr.send();
      if (xhr.status !== 200) throw new Error(`${url} could not be loaded (HTTP ${xhr.status})`);
      (0, eval)(`${xhr.responseText}\n//# sourceURL=${url}`);
    }
  };
}

/**
 * In a worker the solution draws each input frame into a GL texture through a context it never
 * stores (it does only on a page): hand it the context of its own OffscreenCanvas. The property
 * names are this version's minified ones, hence the pinned version and the plain error.
 */
function patchWorkerGlContext(solution: FaceMeshSolution, version: string): void {
  const inner = (solution as unknown as { g?: { l?: unknown; J?: unknown } }).g;
  const canvas = inner?.l;
  if (!inner || !(canvas instanceof OffscreenCanvas))
    throw new Error(`@mediapipe/face_mesh ${version} is not the version the worker engine supports (${SUPPORTED_FACE_MESH})`);
  inner.J ??= canvas.getContext('webgl2') ?? canvas.getContext('webgl');
  if (!inner.J) throw new Error('no WebGL context for the face mesh in the worker');
}

export async function loadFaceMesh(base: string, refineLandmarks: boolean): Promise<{ handle: FaceMeshHandle; version: string }> {
  installImportScripts();
  const locateFile = (file: string) => `${base}${file}`;
  // The packed-assets loader reads its emscripten Module (where to fetch the .data file) from this global.
  scope.createMediapipeSolutionsPackedAssets = { locateFile };
  if (typeof scope.FaceMesh !== 'function') (scope.importScripts as (url: string) => void)(`${base}face_mesh.js`);
  const FaceMesh = scope.FaceMesh as FaceMeshConstructor | undefined;
  if (typeof FaceMesh !== 'function') throw new Error(`${base}face_mesh.js did not define FaceMesh`);
  const version = typeof scope.VERSION === 'string' ? scope.VERSION : 'unknown';
  const solution = new FaceMesh({ locateFile });
  solution.setOptions({
    maxNumFaces: 1,
    refineLandmarks,
    // TFLite on the CPU (XNNPACK): in a worker the GL path gets only WebGL 1 and took 187 ms a frame
    // here, the CPU path 23–25 ms (README.md).
    useCpuInference: true,
    selfieMode: false,
    // minDetectionConfidence / minTrackingConfidence are left at their defaults (0.5): setting
    // them aborts the graph on the first frame with CPU inference in this version.
  });
  let last: NormalizedLandmark[] | null = null;
  solution.onResults((results) => {
    last = results.multiFaceLandmarks?.[0] ?? null;
  });
  await solution.initialize();
  patchWorkerGlContext(solution, version);
  return {
    version,
    handle: {
      async detect(image) {
        last = null;
        await solution.send({ image });
        return last;
      },
      close: () => solution.close(),
    },
  };
}
