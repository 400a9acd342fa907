import type { ExportProgress } from '../../../core/protocol/lab.ts';
import type { ResearchApi } from '../../sync/research-api.ts';

/**
 * Starts a server export as a plain download (the browser streams the zip to disk, however big) and
 * reports the server's progress for it until it is done or failed.
 */
export async function downloadWithProgress(
  lab: ResearchApi,
  url: (progressId: string) => string,
  onProgress: (p: ExportProgress | null) => void,
): Promise<ExportProgress> {
  const progressId = crypto.randomUUID();
  const a = document.createElement('a');
  a.href = url(progressId);
  a.download = '';
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  const startedAt = Date.now();
  for (;;) {
    await new Promise((r) => setTimeout(r, 400));
    const result = await lab.exportProgress(progressId);
    if (result.ok) {
      onProgress(result.value);
      if (result.value.state !== 'running') return result.value;
    } else if (!result.retry && result.status === 404 && Date.now() - startedAt < 15_000) {
      onProgress(null); // the download's request has not reached the server yet
    } else {
      const failed: ExportProgress = {
        state: 'failed',
        done: 0,
        total: 0,
        bytes: 0,
        error: result.retry ? result.message : result.error.message,
      };
      onProgress(failed);
      return failed;
    }
  }
}
