import type { ImportProgress } from './import-dataset.ts';

export type ImportRequest = { type: 'start'; files: File[] };
export type ImportReply =
  { type: 'progress'; progress: ImportProgress } | { type: 'done'; id: string; name: string } | { type: 'failed'; message: string };
