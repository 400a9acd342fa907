import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { loadCatalogue } from '../stimuli/catalogue.ts';
import { exportToBytes } from '../format/exporter.ts';
import { createSession } from '../format/testing/create-session.ts';
import { generateSyntheticDataset } from '../analysis/synthetic.ts';
import { main } from './analyze.ts';

const tmp = mkdtempSync(join(tmpdir(), 'analyze-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function quiet<T>(fn: () => Promise<T>): Promise<{ result: T; errors: string }> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const err = vi.spyOn(console, 'error').mockImplementation(() => {});
  return fn().then((result) => {
    const errors = err.mock.calls.map((c) => c.join(' ')).join('\n');
    log.mockRestore();
    err.mockRestore();
    return { result, errors };
  });
}

describe('main()', () => {
  it('writes every table as CSV and the heatmaps as PNG for a synthetic dataset', async () => {
    const out = join(tmp, 'synthetic');
    const { result } = await quiet(() => main(['--synthetic', '3x8', '--seconds', '6', '--out', out, '--cell', '16']));
    expect(result).toBe(0);
    for (const f of [
      'screens',
      'fixations',
      'cells',
      'columns',
      'rows',
      'aoi_types',
      'summary',
      'transitions_within_row',
      'transitions_cross_row',
      'click_conditioned_examination',
      'click_conditioned_relative',
      'ctr_by_position',
      'click_models',
      'click_model_examination',
    ]) {
      expect(existsSync(join(out, `${f}.csv`)), f).toBe(true);
    }
    expect(readFileSync(join(out, 'screens.csv'), 'utf8').trim().split('\n')).toHaveLength(1 + 3 * 8);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toContain('| `screens.csv` |');
    const png = PNG.sync.read(readFileSync(join(out, 'heatmap_all.png')));
    expect([png.width, png.height]).toEqual([360, 221]);
    expect(existsSync(join(out, 'heatmap_direct_search.png'))).toBe(true);
  });

  it('returns the same tables for a folder of *.dataset.json files as for the dataset itself', async () => {
    const ds = generateSyntheticDataset({ participants: 2, screens: 3, secondsPerScreen: 6, seed: 4, events: true }).dataset;
    const folder = join(tmp, 'in');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.dataset.json'), JSON.stringify({ sessions: [ds.sessions[0]] }));
    writeFileSync(join(folder, 'b.dataset.json'), JSON.stringify({ sessions: [ds.sessions[1]] }));
    writeFileSync(join(tmp, 'all.json'), JSON.stringify(ds));
    await quiet(() => main([folder, '--out', join(tmp, 'o1')]));
    await quiet(() => main([join(tmp, 'all.json'), '--out', join(tmp, 'o2')]));
    const cells1 = readFileSync(join(tmp, 'o1', 'cells.csv'), 'utf8');
    expect(cells1).toBe(readFileSync(join(tmp, 'o2', 'cells.csv'), 'utf8'));
    expect(cells1.split('\r\n')[0]).toBe(
      'row,position,fixations,dwell_ms,ttff_mean_ms,screens_fixated,entry_count,screens_examined,clicks,clicks_when_examined',
    );
  });

  it('analyses an export zip of recorded sessions', async () => {
    const a = createSession();
    const bytes = await exportToBytes({
      sessions: [a.session],
      loadEvents: () => a.events,
      catalogue: await loadCatalogue({ kind: 'builtin', id: 'recgaze' }),
      createdAt: 0,
      appVersion: '0.1.0',
    });
    writeFileSync(join(tmp, 'export.zip'), bytes);
    const { result } = await quiet(() => main([join(tmp, 'export.zip'), '--out', join(tmp, 'o3')]));
    expect(result).toBe(0);
    const screens = readFileSync(join(tmp, 'o3', 'screens.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(screens.length).toBeGreaterThan(1);
    expect(screens[1]).toContain(a.session.participantId);
    const summary = readFileSync(join(tmp, 'o3', 'summary.csv'), 'utf8');
    expect(Number(/\nfixations,(\d+)/.exec(summary)![1])).toBeGreaterThan(0);
  });

  it('analyses an unzipped export folder and several zips together, and says nothing was pre-labelled', async () => {
    const catalogue = await loadCatalogue({ kind: 'builtin', id: 'recgaze' });
    const one = async (a: ReturnType<typeof createSession>) =>
      exportToBytes({ sessions: [a.session], loadEvents: () => a.events, catalogue, createdAt: 0, appVersion: '0.1.0' });
    const [a, b] = [createSession(), createSession()];
    writeFileSync(join(tmp, 'a.zip'), await one(a));
    writeFileSync(join(tmp, 'b.zip'), await one(b));
    const folder = join(tmp, 'unzipped');
    for (const [name, bytes] of Object.entries(unzipSync(await one(a)))) {
      mkdirSync(dirname(join(folder, name)), { recursive: true });
      writeFileSync(join(folder, name), bytes);
    }
    const { result } = await quiet(() => main([join(tmp, 'a.zip'), join(tmp, 'b.zip'), '--out', join(tmp, 'o6')]));
    expect(result).toBe(0);
    const participants = (dir: string) =>
      new Set(
        readFileSync(join(tmp, dir, 'screens.csv'), 'utf8')
          .trim()
          .split('\r\n')
          .slice(1)
          .map((l) => l.split(',')[1]),
      );
    expect(participants('o6')).toEqual(new Set([a.session.participantId, b.session.participantId]));
    const summary = readFileSync(join(tmp, 'o6', 'summary.csv'), 'utf8');
    expect(summary).toContain('\r\npre_labelled_fixations_at_aoi_centre,FALSE\r\n');

    // The unzipped folder gives the same tables as its zip; the same session twice is analysed once.
    await quiet(() => main([folder, '--out', join(tmp, 'o7')]));
    await quiet(() => main([join(tmp, 'a.zip'), folder, '--out', join(tmp, 'o8')]));
    for (const dir of ['o7', 'o8']) expect(participants(dir)).toEqual(new Set([a.session.participantId]));
    expect(readFileSync(join(tmp, 'o7', 'cells.csv'), 'utf8')).toBe(readFileSync(join(tmp, 'o8', 'cells.csv'), 'utf8'));
  });

  it('returns an error naming the problem when the input is bad', async () => {
    writeFileSync(join(tmp, 'bad.json'), JSON.stringify({ sessions: [{ id: 'x' }] }));
    const bad = await quiet(() => main([join(tmp, 'bad.json'), '--out', join(tmp, 'o4')]));
    expect(bad.result).toBe(1);
    expect(bad.errors).toContain('bad.json.sessions[0].participantId: expected a string');
    const usage = await quiet(() => main(['--synthetic', '3', '--out', join(tmp, 'o5')]));
    expect(usage.result).toBe(2);
    expect(usage.errors).toContain('--synthetic must look like 87x40');
    const noOut = await quiet(() => main(['--synthetic', '1x1']));
    expect(noOut.errors).toContain('--out <dir> is required');
    mkdirSync(join(tmp, 'empty-folder'));
    const empty = await quiet(() => main([join(tmp, 'empty-folder'), '--out', join(tmp, 'o9')]));
    expect(empty.result).toBe(1);
    expect(empty.errors).toContain('folder is neither an unzipped export');
  });
});
