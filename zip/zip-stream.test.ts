import { deflateSync, gzipSync, strFromU8, strToU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { concatChunks, crc32, ZipStream } from './zip-stream.ts';

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

  it('writes entries that arrive compressed already, in place, with the CRC and size given at the end', async () => {
    const chunks: Uint8Array[] = [];
    const zip = new ZipStream((c) => chunks.push(c), new Date(2026, 0, 1));
    zip.addText('README.md', 'read me');
    const rows = strToU8(Array.from({ length: 5000 }, (_, i) => `${i},row\r\n`).join(''));
    const deflated = deflateSync(rows, { level: 1 });
    const entry = zip.openCompressed('rows.csv', 8);
    entry.push(deflated.subarray(0, 100));
    entry.end(crc32(rows), rows.length, deflated.subarray(100));
    const gz = gzipSync(strToU8('a\tb\n'));
    zip.openCompressed('data.tsv.gz', 0).end(crc32(gz), gz.length, gz);
    await zip.finish();
    const files = unzipSync(concatChunks(chunks));
    expect(Object.keys(files)).toEqual(['README.md', 'rows.csv', 'data.tsv.gz']);
    expect(strFromU8(files['rows.csv']!).split('\r\n')[4999]).toBe('4999,row');
    expect(files['data.tsv.gz']).toEqual(gz);
  });

  it('refuses to finish with an entry left open', async () => {
    const zip = new ZipStream(() => undefined, new Date(2026, 0, 1));
    zip.open('open.csv').write('x');
    await expect(zip.finish()).rejects.toThrow('zip entries left open: open.csv');
  });
});
