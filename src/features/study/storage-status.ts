import { create } from 'zustand';
import type { ChunkRecord } from '../../../core/records.ts';

interface StorageStatusState {
  failing: boolean;
  message: string | null;
  pendingEvents: number;
  getUnsaved: () => ChunkRecord[];
  reportFailure: (error: unknown, pending: number, getUnsaved: () => ChunkRecord[]) => void;
  reportRecovered: () => void;
}

function describe(error: unknown): string {
  const name = (error as { name?: string } | null)?.name ?? '';
  const inner = (error as { inner?: { name?: string } } | null)?.inner?.name ?? '';
  if (name === 'QuotaExceededError' || inner === 'QuotaExceededError') return 'the browser says its storage is full';
  return `the browser refused to save (${name || 'unknown error'})`;
}

/** Write failures of the recorder, shown to the participant as a banner with a rescue download. */
export const useStorageStatusStore = create<StorageStatusState>((set) => ({
  failing: false,
  message: null,
  pendingEvents: 0,
  getUnsaved: () => [],
  reportFailure: (error, pending, getUnsaved) => set({ failing: true, message: describe(error), pendingEvents: pending, getUnsaved }),
  reportRecovered: () => set({ failing: false, message: null, pendingEvents: 0 }),
}));

export function useStorageStatus() {
  return useStorageStatusStore.getState();
}
