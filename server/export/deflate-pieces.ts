import { constants, deflateRawSync, gzipSync } from 'node:zlib';
import { crc32, crc32Combine } from '../../zip/crc32.ts';
import type { CompressedEntry } from '../../zip/zip-stream.ts';

// Compressed pieces that join without recompressing. A piece of a study-wide entry is raw DEFLATE
// ending in a sync flush (byte-aligned, no final block), so pieces written one after another, then
// an empty final block, are one valid DEFLATE stream; its CRC-32 follows from the pieces' CRCs
// and lengths (crc32Combine). This is how the study zip is stitched from stored session parts.

/** Bytes `data` holds from `offset`: compressed content of `size` bytes with CRC-32 `crc`. */
export interface Piece {
  offset: number;
  length: number;
  crc: number;
  size: number;
}

/** An empty DEFLATE block with the final bit: ends joined pieces (a new array each time: the zip's bytes may be transferred). */
const finalBlock = () => new Uint8Array([3, 0]);

/** Level 1 for bulk rows (as the browser's export), 6 for small documents. */
export function deflatePiece(content: Uint8Array, level: 1 | 6, joinable: boolean): Uint8Array {
  return deflateRawSync(content, { level, ...(joinable ? { finishFlush: constants.Z_SYNC_FLUSH } : {}) });
}

/** A .gz file (stored in the zip as it is): MTIME 0, so the same rows give the same bytes. */
export function gzipFile(content: Uint8Array): Uint8Array {
  return gzipSync(content, { level: 1 });
}

/** Appends pieces into one buffer and hands out where each went. */
export class PieceData {
  private readonly chunks: Uint8Array[] = [];
  length = 0;

  add(compressed: Uint8Array, content: { crc: number; size: number }): Piece {
    const piece = { offset: this.length, length: compressed.length, crc: content.crc, size: content.size };
    this.chunks.push(compressed);
    this.length += compressed.length;
    return piece;
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks, this.length);
  }
}

/** A study-wide entry written as joined pieces: a header, then each session's piece, then the end. */
export class JoinedEntry {
  private crc = 0;
  private size = 0;

  constructor(private readonly entry: CompressedEntry) {}

  /** Text compressed here (the header line). */
  text(text: string): void {
    const content = new TextEncoder().encode(text);
    this.add(deflatePiece(content, 1, true), crc32(content), content.length);
  }

  add(compressed: Uint8Array, crc: number, size: number): void {
    if (size === 0) return;
    this.entry.push(compressed);
    this.crc = crc32Combine(this.crc, crc, size);
    this.size += size;
  }

  end(): void {
    this.entry.end(this.crc, this.size, finalBlock());
  }
}
