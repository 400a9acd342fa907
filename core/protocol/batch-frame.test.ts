import { describe, expect, it } from 'vitest';
import { batchFrameBytes, decodeBatch, encodeBatch } from './batch-frame.ts';
import { eventsText, gunzip, gzip, sha256Hex } from './content.ts';
import type { BatchHeader } from './messages.ts';

async function sampleBatch(): Promise<{ header: BatchHeader; blobs: Uint8Array[]; texts: Uint8Array[] }> {
  const texts = [eventsText([{ kind: 'cursor', t: 1, x: 1, y: 2 }]), eventsText([{ kind: 'resume', t: 600 }])];
  const blobs = await Promise.all(texts.map(gzip));
  const chunks = await Promise.all(texts.map(async (t, i) => ({ taskId: 3, seq: i, sha256: await sha256Hex(t), bytes: blobs[i]!.length })));
  return { header: { chunks }, blobs, texts };
}

describe('encodeBatch() / decodeBatch()', () => {
  it('round-trips the header and each chunk’s compressed bytes', async () => {
    const { header, blobs, texts } = await sampleBatch();
    const frame = encodeBatch(header, blobs);
    expect(frame.length).toBe(batchFrameBytes(header));
    const decoded = decodeBatch(frame);
    if (!decoded.ok) throw new Error(decoded.problem.problem);
    expect(decoded.header).toEqual(header);
    expect(await Promise.all(decoded.blobs.map(gunzip))).toEqual(texts);
  });

  it('names what is wrong with a damaged frame', async () => {
    const { header, blobs } = await sampleBatch();
    const frame = encodeBatch(header, blobs);
    expect(decodeBatch(new TextEncoder().encode('{"chunks":[]}'))).toMatchObject({
      ok: false,
      problem: { field: 'body', problem: expect.stringContaining('CGB1') },
    });
    expect(decodeBatch(frame.subarray(0, 20))).toMatchObject({
      ok: false,
      problem: { field: 'body', problem: expect.stringContaining('ends inside its header') },
    });
    expect(decodeBatch(frame.subarray(0, frame.length - 1))).toMatchObject({
      ok: false,
      problem: { field: 'body', problem: expect.stringContaining('header announces') },
    });
    const badHeader = encodeBatch({ chunks: [{ ...header.chunks[0]!, sha256: 'abc' }] }, [blobs[0]!]);
    expect(decodeBatch(badHeader)).toMatchObject({ ok: false, problem: { field: 'chunks[0].sha256' } });
  });
});

describe('sha256Hex()', () => {
  it('matches the published SHA-256 of "abc"', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
