import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DATA_FILE_LIMITS, dataFileEvents, dataFileStudyProblem, encodeDataFile, readDataFile, type DataFileContent } from './data-file.ts';

const cursor = (t: number) => ({ kind: 'cursor', t, x: t, y: 2 * t });
const content = (overrides: Partial<DataFileContent> = {}): DataFileContent => ({
  appVersion: '0.1.0',
  study: 'mail-study',
  studyVersion: 2,
  sessionId: '0b0e5a2c-1d3f-4a5b-8c6d-7e8f9a0b1c2d',
  participantId: 'P_7',
  consentedAt: 1_780_000_000_000,
  firstTask: 'Free_browsing',
  recruitment: { kind: 'named' },
  session: { revision: 4, status: 'completed', step: 9, record: { flags: [] } },
  chunks: [
    { taskId: 1, seq: 1, events: [cursor(510), cursor(520)] },
    { taskId: 1, seq: 0, events: [cursor(10), cursor(20), cursor(30)] },
    // A tail that was also stored: the same key and events once in the file.
    { taskId: 1, seq: 1, events: [cursor(510), cursor(520)] },
  ],
  ...overrides,
});
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const message = async (bytes: Uint8Array) => {
  const read = await readDataFile(bytes);
  if (read.ok) throw new Error('read a bad file');
  return read.message;
};

describe('participant data files', () => {
  it('round-trips: every chunk once, in (taskId, seq) order, with the session state', async () => {
    const bytes = await encodeDataFile(content());
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    const read = await readDataFile(bytes);
    if (!read.ok) throw new Error(read.message);
    expect(read.file.chunks.map((c) => `${c.taskId}:${c.seq}`)).toEqual(['1:0', '1:1']);
    expect(dataFileEvents(read.file)).toBe(5);
    expect(read.file.session).toMatchObject({ revision: 4, status: 'completed' });
    expect(dataFileStudyProblem(read.file, 'mail-study')).toBeNull();
    expect(dataFileStudyProblem(read.file, 'other')).toMatch(/belongs to another study: "mail-study" \(participant P_7\), not "other"/);
    // Unpacked by someone on the way: the JSON alone reads too.
    const unpacked = await readDataFile(await unzip(bytes));
    expect(unpacked.ok).toBe(true);
  });

  it('names what is wrong: not ours, an old rescue file, a newer version, damaged, too big', async () => {
    const file = await encodeDataFile(content());
    expect(await message(new Uint8Array())).toBe('The file is empty.');
    expect(await message(json({ hello: 1 }))).toMatch(/not a participant data file .*its type is missing/);
    expect(await message(new TextEncoder().encode('movie,row\n1,2'))).toMatch(/not a participant data file .*not JSON/);
    expect(await message(new Uint8Array([0x50, 0x4b, 3, 4, 0]))).toMatch(/zip archive/);
    expect(await message(new Uint8Array([0xff, 0xfe, 0xfd]))).toMatch(/neither gzip-compressed nor text/);
    expect(await message(json({ type: 'carousel-gaze-lab/rescue', version: 2 }))).toMatch(/older rescue file/);
    expect(await message(json({ type: 'carousel-gaze-lab/outbox', version: 3 }))).toMatch(/newer version of the app \(file version 3/);
    expect(await message(file.subarray(0, file.length - 20))).toMatch(/damaged: its compressed data is cut off/);
    const flipped = file.slice();
    flipped[flipped.length - 6]! ^= 0xff; // the gzip trailer's CRC
    expect(await message(flipped)).toMatch(/damaged/);
    const text = new TextDecoder().decode(await unzip(file));
    expect(await message(new TextEncoder().encode(text.slice(0, -40)))).toMatch(/damaged: its data is cut off/);
    const parsed = JSON.parse(text) as { chunks: { events: { t: unknown }[] }[]; sessionId: string };
    expect(await message(json({ ...parsed, sessionId: 'nope' }))).toMatch(/damaged: sessionId must be a session id/);
    parsed.chunks[1]!.events[0]!.t = 'soon';
    expect(await message(json(parsed))).toMatch(/damaged: screen 1, chunk 1: chunks\[1\]\.events\[0\]\.t/);
    const twice = content({ chunks: [{ taskId: 3, seq: 0, events: [cursor(1)] }] });
    const raw = JSON.parse(new TextDecoder().decode(await unzip(await encodeDataFile(twice)))) as { chunks: unknown[] };
    raw.chunks.push({ taskId: 3, seq: 0, events: [cursor(2)] });
    expect(await message(json(raw))).toBe('The file is damaged: screen 3, chunk 0 appears twice with different events.');
    expect(await message(new Uint8Array(DATA_FILE_LIMITS.fileBytes + 1))).toMatch(/too big: 32 MB; at most 32 MB/);
    // A small file that unpacks past the limit stops at the limit.
    const bomb = gzipSync(new Uint8Array(DATA_FILE_LIMITS.textBytes + 1024));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(await message(bomb)).toMatch(/too big: more than 128 MB of data once unpacked/);
  });
});

async function unzip(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(
    await new Response(new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer(),
  );
}
