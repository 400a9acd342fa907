import { describe, expect, it } from 'vitest';
import { parseCsv } from '../core/csv/parse.ts';
import { csvLine, unguardFormula } from '../core/csv/write.ts';
import { WHY_SELECTED_VALUES } from './recgaze-columns.ts';
import { splitWhySelected, whySelectedText } from './recgaze-rows.ts';

const OTHER_TEXTS = [
  undefined,
  'my sister likes it',
  'Because I say so, I think, Other: twice',
  '=1+1, "quoted"\nand a second line',
  "I don't remember",
];

describe('whySelectedText() / splitWhySelected()', () => {
  it('round-trips every combination of answers, with and without free text, through a CSV cell', () => {
    let checked = 0;
    for (let mask = 1; mask < 1 << WHY_SELECTED_VALUES.length; mask++) {
      const chosen = WHY_SELECTED_VALUES.filter((_, i) => mask & (1 << i));
      for (const order of [chosen, [...chosen].reverse()]) {
        for (const whyOther of OTHER_TEXTS) {
          const answers = { familiarity: 'x', whySelected: [...order], ...(whyOther ? { whyOther } : {}) };
          const cell = whySelectedText(answers)!;
          const read = unguardFormula(parseCsv(`Why_Selected\r\n${csvLine([cell])}`).records[0]!.cells[0]!);
          expect(splitWhySelected(read)).toEqual({ whySelected: order, ...(whyOther ? { whyOther } : {}) });
          checked++;
        }
      }
    }
    expect(checked).toBe(1023 * 2 * OTHER_TEXTS.length);
  });

  it('writes the answers joined by ", " with the free text last, and only free text when nothing was ticked', () => {
    expect(whySelectedText({ familiarity: 'x', whySelected: ['Because of the poster', 'Other'], whyOther: ' a, b ' })).toBe(
      'Because of the poster, Other: a, b',
    );
    expect(whySelectedText({ familiarity: 'x', whySelected: [], whyOther: 'only this' })).toBe('Other: only this');
    expect(splitWhySelected('Other: only this')).toEqual({ whySelected: [], whyOther: 'only this' });
    expect(whySelectedText({ familiarity: 'x', whySelected: [] })).toBeNull();
  });
});
