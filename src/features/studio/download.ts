import { saveBlob } from '../../lib/save-file.ts';

/** Saves text as a file through a blob URL (nothing leaves the browser). */
export function downloadText(fileName: string, text: string, type = 'application/json'): void {
  saveBlob(fileName, new Blob([text], { type }));
}
