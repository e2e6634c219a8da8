/**
 * Verify a whole stream file: every byte of every record against the hash chain, the batch
 * markers, and what is after the last record. Names the first bad version.
 */
import * as E from 'fp-ts/lib/Either.js';
import { GENESIS_HASH } from '../../events/envelope.ts';
import { chainBroken, type VerifyResult } from '../verifyChain.ts';
import { readLineChunks } from './chunkedLines.ts';
import { createLogScanner } from '../lines/logScanner.ts';
import { classifyTail, fileSize } from './reader.ts';
import { lostAcknowledged } from './highWater.ts';

/**
 * Verify the stream file at `path` from its first byte to its last.
 *
 * @example
 * const result = await verifyStreamFile('/data/launch-1.jsonl', 'launch-1');
 * if (!result.ok) console.error(`first bad version: ${result.firstBadVersion}: ${result.message}`);
 */
export const verifyStreamFile = async (path: string, stream: string): Promise<VerifyResult> => {
  const size = await fileSize(path);
  if (size === 0) return { ok: true, stream, version: 0, hash: GENESIS_HASH };
  const scanner = createLogScanner(stream);
  const chunks = readLineChunks(path, 0, size);
  for (;;) {
    const step = await chunks.next();
    if (step.done) {
      const tail = classifyTail(scanner, step.value, size);
      const last = scanner.committed;
      switch (tail.kind) {
        case 'clean': {
          const lost = lostAcknowledged(path, last.version);
          if (lost) return chainBroken(stream, last.version, lost);
          return { ok: true, stream, version: last.version, hash: last.hash };
        }
        case 'garbage':
          return chainBroken(stream, tail.broken.version - 1, tail.broken);
        case 'unterminated': {
          const first = tail.events[0]?.version ?? last.version;
          return chainBroken(stream, first - 1, {
            reason: 'TornTail',
            version: first,
            message: `the record of version ${first} is whole but lacks its final newline; the next append restores it`,
          });
        }
        case 'torn': {
          const lost = lostAcknowledged(path, last.version);
          if (lost) return chainBroken(stream, last.version, lost);
          return chainBroken(stream, last.version, {
            reason: 'TornTail',
            version: last.version + 1,
            message: `${tail.bytes} bytes after version ${last.version} were left by an interrupted write; the next append removes them`,
          });
        }
      }
    }
    const { buf, base, lines } = step.value;
    for (let i = 0; i < lines.length; i += 2) {
      const result = scanner.line(
        buf,
        lines[i] as number,
        lines[i + 1] as number,
        base + (lines[i + 1] as number) + 1,
      );
      if (E.isLeft(result)) {
        await chunks.return({ offset: 0, bytes: Buffer.alloc(0) });
        return chainBroken(stream, result.left.version - 1, result.left);
      }
    }
  }
};
