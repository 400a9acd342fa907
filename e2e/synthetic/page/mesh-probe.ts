// MediaPipe's face mesh with refined (iris) landmarks, run directly on an image or canvas: the
// independent check that the painted face is a face and that the iris landmarks follow the paint.
// Needs `face_mesh.js` loaded as a classic script first (it defines window.FaceMesh).

interface FaceMeshResults {
  multiFaceLandmarks?: { x: number; y: number; z: number }[][];
}
interface FaceMeshSolution {
  setOptions(o: Record<string, unknown>): void;
  onResults(cb: (r: FaceMeshResults) => void): void;
  initialize(): Promise<void>;
  send(input: { image: CanvasImageSource }): Promise<void>;
  close(): Promise<void>;
}
type FaceMeshCtor = new (o: { locateFile: (file: string) => string }) => FaceMeshSolution;

export interface MeshProbe {
  /** Landmarks in px of the image (468 face + 10 iris points), or null when no face was found. */
  detect(image: CanvasImageSource, width: number, height: number): Promise<[number, number][] | null>;
  close(): Promise<void>;
}

export async function createMeshProbe(solutionPath: string, refineLandmarks = true): Promise<MeshProbe> {
  const FaceMesh = (window as unknown as { FaceMesh?: FaceMeshCtor }).FaceMesh;
  if (!FaceMesh) throw new Error('face_mesh.js is not loaded (window.FaceMesh missing)');
  const mesh = new FaceMesh({ locateFile: (file) => `${solutionPath}/${file}` });
  // Only these options: others (minDetectionConfidence…) make this build abort in the graph.
  mesh.setOptions({ maxNumFaces: 1, refineLandmarks, selfieMode: false });
  let last: FaceMeshResults | null = null;
  mesh.onResults((r) => {
    last = r;
  });
  await mesh.initialize();
  return {
    async detect(image, width, height) {
      last = null;
      await mesh.send({ image });
      const found = (last as FaceMeshResults | null)?.multiFaceLandmarks?.[0];
      return found ? found.map((p) => [p.x * width, p.y * height] as [number, number]) : null;
    },
    close: () => mesh.close(),
  };
}
