import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { PILOT_PRESET } from '../../stimuli/presets.ts';
import { GazeLabDb } from './db.ts';
import { deleteStudy, getStudy, listStudies, saveStudy } from './studies.ts';

let n = 0;
let database: GazeLabDb;
const open = () => (database = new GazeLabDb(`studies-test-${++n}`));

afterEach(async () => {
  await database.delete();
});

describe('studies table', () => {
  it('saves, lists newest first, keeps createdAt on overwrite, and deletes', async () => {
    open();
    await saveStudy({ ...PILOT_PRESET, id: 'a' }, { seed: 1 }, 100, database);
    await saveStudy({ ...PILOT_PRESET, id: 'b' }, undefined, 200, database);
    await saveStudy({ ...PILOT_PRESET, id: 'a', name: 'A2' }, { seed: 2 }, 300, database);
    const list = await listStudies<{ seed: number }>(database);
    expect(list.map((s) => [s.id, s.createdAt, s.updatedAt])).toEqual([
      ['a', 100, 300],
      ['b', 200, 200],
    ]);
    expect((await getStudy<{ seed: number }>('a', database))?.studio).toEqual({ seed: 2 });
    expect((await getStudy('a', database))?.config.name).toBe('A2');
    await deleteStudy('a', database);
    expect((await listStudies(database)).map((s) => s.id)).toEqual(['b']);
  });
});
