import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPORT_FORM, exportOptionsFromForm } from './export-options.ts';

describe('exportOptionsFromForm()', () => {
  it('returns the guard on, no practice screen and no dataset details by default', () => {
    expect(exportOptionsFromForm(DEFAULT_EXPORT_FORM)).toEqual({ formulaGuard: true, includePractice: false, dataset: {} });
  });

  it('returns one author per line or per ";" and a trimmed licence', () => {
    const o = exportOptionsFromForm({
      formulaGuard: false,
      includePractice: true,
      authors: ' Ada Lovelace\nGrace Hopper; Alan Turing\n\n',
      license: ' CC0 ',
    });
    expect(o).toEqual({
      formulaGuard: false,
      includePractice: true,
      dataset: { authors: ['Ada Lovelace', 'Grace Hopper', 'Alan Turing'], license: 'CC0' },
    });
  });
});
