// The studio's export choices as the exporter's options. Pure.
import type { ExportOptions } from '../../../format/exporter.ts';

export interface ExportForm {
  /** Guard text cells against spreadsheet formulas. */
  formulaGuard: boolean;
  includePractice: boolean;
  /** Dataset authors, one per line (or separated by ";"). */
  authors: string;
  license: string;
}

export const DEFAULT_EXPORT_FORM: ExportForm = { formulaGuard: true, includePractice: false, authors: '', license: '' };

/** Longest author list and licence text the form passes on (the rest is cut, not silently kept). */
export const MAX_AUTHORS = 200;
export const MAX_FIELD_CHARS = 500;

export function exportOptionsFromForm(form: ExportForm): ExportOptions {
  const authors = form.authors
    .split(/[\n;]/)
    .map((a) => a.trim().slice(0, MAX_FIELD_CHARS))
    .filter(Boolean)
    .slice(0, MAX_AUTHORS);
  const license = form.license.trim().slice(0, MAX_FIELD_CHARS);
  return {
    formulaGuard: form.formulaGuard,
    includePractice: form.includePractice,
    dataset: { ...(authors.length ? { authors } : {}), ...(license ? { license } : {}) },
  };
}
