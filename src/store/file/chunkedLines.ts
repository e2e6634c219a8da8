/**
 * Streaming line reader over a byte range of a file: fixed-size chunks, lines located by byte
 * offset, so a log of any size is read with one chunk in memory at a time.
 */
import { open } from 'node:fs/promises';

/** A chunk of complete lines: `lines` holds `[start, end)` pairs into `buf` (newline excluded). */
export interface LineChunk {
  readonly buf: Buffer;
  /** Absolute file offset of `buf[0]`. */
  readonly base: number;
  readonly lines: readonly number[];
}

/** Default chunk size: 1 MiB. */
export const DEFAULT_CHUNK_BYTES = 1 << 20;

/**
 * Read the complete lines of `path` between byte offsets `start` and `end`. Returns (as the
 * generator's return value) the bytes after the last newline before `end`, with their offset.
 */
export async function* readLineChunks(
  path: string,
  start: number,
  end: number,
  chunkBytes: number = DEFAULT_CHUNK_BYTES,
): AsyncGenerator<LineChunk, { readonly offset: number; readonly bytes: Buffer }> {
  const handle = await open(path, 'r');
  try {
    let carry: Buffer = Buffer.alloc(0);
    let carryOffset = start;
    let position = start;
    while (position < end) {
      const want = Math.min(chunkBytes, end - position);
      const buf = Buffer.allocUnsafe(carry.length + want);
      carry.copy(buf, 0);
      let filled = carry.length;
      while (filled < buf.length) {
        const { bytesRead } = await handle.read(buf, filled, buf.length - filled, position);
        if (bytesRead === 0) break;
        filled += bytesRead;
        position += bytesRead;
      }
      if (filled === carry.length) break;
      const lines: number[] = [];
      let lineStart = 0;
      for (;;) {
        const newline = buf.indexOf(0x0a, lineStart);
        if (newline < 0 || newline >= filled) break;
        lines.push(lineStart, newline);
        lineStart = newline + 1;
      }
      if (lines.length > 0) yield { buf, base: carryOffset, lines };
      carry = Buffer.from(buf.subarray(lineStart, filled));
      carryOffset += lineStart;
    }
    return { offset: carryOffset, bytes: carry };
  } finally {
    await handle.close();
  }
}
