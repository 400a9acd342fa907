import { strFromU8, strToU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { concatChunks, crc32, ZipStream, type ZipSpool } from './zip-stream.ts';

describe('crc32()', () => {
  it('matches the standard check values at every length', () => {
    expect(crc32(strToU8('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(strToU8('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
  });

  it('continues across pieces', () => {
    expect(crc32(strToU8(' over the lazy dog'), crc32(strToU8('The quick brown fox jumps')))).toBe(0x414fa339);
  });
});

describe('ZipStream', () => {
  it('writes streamed, worker-deflated and deferred entries into one valid zip', async () => {
    const chunks: Uint8Array[] = [];
    const zip = new ZipStream((c) => chunks.push(c), new Date(2026, 0, 1));
    const long = zip.openAsync('long.csv');
    const side = zip.open('side.csv', 1);
    for (let i = 0; i < 20000; i++) {
      long.write(`${i},row ${i}\r\n`);
      if (i % 100 === 0) side.write(`${i}\n`);
      if (i % 5000 === 0) await zip.settle(1 << 16);
      if (i % 2000 === 0) zip.deferText(`small/${i}.txt`, `deferred ${i} ünïcödé`);
    }
    zip.deferGzip('small/data.tsv.gz', 'a\tb\n');
    const rows = zip.deferStream('small/rows.csv');
    for (let i = 0; i < 30000; i++) rows.write(`${i},x\r\n`);
    rows.close();
    side.close();
    long.close();
    await zip.finish();
    const files = unzipSync(concatChunks(chunks));
    expect(strFromU8(files['long.csv']!).split('\r\n')).toHaveLength(20001);
    expect(strFromU8(files['small/4000.txt']!)).toBe('deferred 4000 ünïcödé');
    expect(strFromU8(files['small/rows.csv']!).split('\r\n')[29999]).toBe('29999,x');
    expect(Object.keys(files).indexOf('small/0.txt')).toBeGreaterThan(Object.keys(files).indexOf('long.csv'));
  });

  it('with a spool, keeps what waits for its place there (not in memory) and writes the same files', async () => {
    const write = async (spool?: ZipSpool) => {
      const chunks: Uint8Array[] = [];
      const zip = new ZipStream((c) => chunks.push(c), new Date(2026, 0, 1), spool ? { spool, drained: async () => undefined } : {});
      zip.addText('README.md', 'read me');
      const long = zip.openAsync('long.csv');
      const raw = zip.openAsync('raw.jsonl');
      const side = zip.open('side.csv', 1);
      for (let i = 0; i < 20000; i++) {
        long.write(`${i},row ${i}\r\n`);
        raw.write(`{"i":${i}}\n`);
        if (i % 100 === 0) side.write(`${i}\n`);
        if (i % 2000 === 0) zip.deferText(`small/${i}.txt`, `deferred ${i}`);
      }
      zip.deferGzip('small/data.tsv.gz', 'a\tb\n');
      side.close();
      raw.close();
      long.close();
      await zip.settle(0);
      const beforeFinish = concatChunks(chunks).length;
      await zip.finish();
      return { files: unzipSync(concatChunks(chunks)), beforeFinish, total: concatChunks(chunks).length };
    };
    const pieces: Uint8Array[] = [];
    const spool: ZipSpool = {
      append: (b) => void pieces.push(b.slice()),
      read: (offset, length) => concatChunks(pieces).slice(offset, offset + length),
    };
    const spooled = await write(spool);
    const inMemory = await write();
    expect(Object.keys(spooled.files).sort()).toEqual(Object.keys(inMemory.files).sort());
    for (const [name, bytes] of Object.entries(inMemory.files)) expect(strFromU8(spooled.files[name]!), name).toBe(strFromU8(bytes));
    expect(strFromU8(spooled.files['raw.jsonl']!).split('\n')[19999]).toBe('{"i":19999}');
    // The entries behind long.csv went to the spool: the zip held back only what the spool holds.
    const spooledBytes = pieces.reduce((n, p) => n + p.length, 0);
    expect(spooledBytes).toBeGreaterThan(0);
    expect(spooled.total - spooled.beforeFinish).toBeGreaterThanOrEqual(spooledBytes);
  });

  it('refuses to finish with an entry left open', async () => {
    const zip = new ZipStream(() => undefined, new Date(2026, 0, 1));
    zip.open('open.csv').write('x');
    await expect(zip.finish()).rejects.toThrow('zip entries left open: open.csv');
  });
});
