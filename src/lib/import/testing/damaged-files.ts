// Files that are not what they claim, for the import tests (unit and e2e): UTF-16 text and a zip
// whose entry is hundreds of MB of zero bytes (built with Node's zlib in a second, not in memory).
import { createDeflateRaw } from 'node:zlib';
import { fixtureFiles } from '../../../../format/testing/recgaze-fixture.ts';

export function utf16le(text: string, bom: boolean): Uint8Array {
  const out = new Uint8Array((bom ? 2 : 0) + text.length * 2);
  let at = 0;
  if (bom) {
    out[at++] = 0xff;
    out[at++] = 0xfe;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[at++] = c & 0xff;
    out[at++] = c >> 8;
  }
  return out;
}

export /** A one-entry zip whose entry is `mb` MB of zero bytes, deflated by zlib (fast) in 1 MB pieces. */
async function zeroFilledZip(name: string, mb: number): Promise<Uint8Array> {
  const deflate = createDeflateRaw({ level: 1 });
  const parts: Buffer[] = [];
  deflate.on('data', (c: Buffer) => parts.push(c));
  const done = new Promise((r) => deflate.on('end', r));
  const zeros = Buffer.alloc(1 << 20);
  for (let i = 0; i < mb; i++) if (!deflate.write(zeros)) await new Promise((r) => deflate.once('drain', r));
  deflate.end();
  await done;
  const data = Buffer.concat(parts);
  const nameBytes = Buffer.from(name);
  const size = mb << 20;
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt32LE(0, 14); // CRC: not checked before the entry's bytes are judged
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(size >>> 0, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(size >>> 0, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + nameBytes.length, 12);
  end.writeUInt32LE(30 + nameBytes.length + data.length, 16);
  return new Uint8Array(Buffer.concat([local, nameBytes, data, central, nameBytes, end]));
}

/** A RecGaze summary_feedback.csv of about `mb` MB: the fixture's rows, repeated. */
export function bigSummaryCsv(mb: number): string {
  const [header, ...lines] = fixtureFiles()['summary_feedback.csv']!.trim().split('\r\n');
  const body: string[] = [];
  let size = 0;
  for (let k = 0; size < mb * 1_000_000; k++) {
    const line = lines[k % lines.length]!;
    body.push(line);
    size += line.length + 2;
  }
  return `${header}\r\n${body.join('\r\n')}\r\n`;
}
