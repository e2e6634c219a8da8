/**
 * Bytes to text, repairing text that was encoded twice: UTF-8 bytes once decoded as Mac Roman
 * ("D√©veloppement") or Windows-1252 ("DÃ©veloppement") and saved again as UTF-8. Repair is
 * per line and only kept when the re-encoded bytes are valid UTF-8, so correct text is never
 * touched. Line structure is preserved, so line numbers stay those of the file.
 */
import iconv from 'iconv-lite';
import type { Diagnostic } from '../model.ts';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Encodes text back to the single-byte encoding it was mis-read with. Mac Roman byte 0xF0 is
 * the Apple logo, which Apple maps to U+F8FF but iconv-lite leaves undefined, so it is handled
 * here; it is the first byte of every 4-byte UTF-8 sequence, hence of every mis-read emoji.
 */
function encodeBack(line: string, encoding: string): Buffer | null {
  const parts = encoding === 'macintosh' ? line.split('\uF8FF') : [line];
  const chunks: Buffer[] = [];
  for (const [index, part] of parts.entries()) {
    if (index > 0) chunks.push(Buffer.from([0xf0]));
    const bytes = iconv.encode(part, encoding);
    if (iconv.decode(bytes, encoding) !== part) return null; // a character the encoding cannot hold
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

/**
 * Combining accents (U+0300–U+036F) are what a wrong guess produces: "DÃ©ploiement" is valid
 * Mac Roman too, and re-decodes to "D\u0329ploiement". Real text in NFC has none.
 */
const COMBINING_ACCENT = /[\u0300-\u036F]/u;

/**
 * The line re-decoded as UTF-8 when it is mojibake: every character maps back to one byte of
 * the encoding, some of those bytes are non-ASCII, and together they are valid UTF-8. Real
 * French or English text never passes: its accented letters are lone high bytes.
 */
function tryRepair(line: string, encoding: string): string | null {
  if (/^\p{ASCII}*$/u.test(line)) return null;
  const bytes = encodeBack(line, encoding);
  if (!bytes) return null;
  try {
    const repaired = strictUtf8.decode(bytes);
    return repaired !== line && (COMBINING_ACCENT.test(line) || !COMBINING_ACCENT.test(repaired))
      ? repaired
      : null;
  } catch {
    return null;
  }
}

export interface DecodedText {
  text: string;
  /** 1-based numbers of the lines that were repaired. */
  repairedLines: number[];
  diagnostics: Diagnostic[];
}

/** Decodes a plan file's bytes (a BOM is dropped) and repairs double-encoded lines. */
export function decodePlanBytes(bytes: Uint8Array): DecodedText {
  const diagnostics: Diagnostic[] = [];
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    text = new TextDecoder('utf-8').decode(bytes);
    diagnostics.push({
      code: 'invalid-utf8',
      severity: 'warning',
      message: 'the file is not valid UTF-8; undecodable bytes were replaced by U+FFFD',
      line: 1,
    });
  }
  const repaired = repairText(text.replace(/^\uFEFF/, ''));
  return { ...repaired, diagnostics: [...diagnostics, ...repaired.diagnostics] };
}

/** Repairs double-encoded lines of an already decoded text. */
export function repairText(text: string): DecodedText {
  const lines = text.split('\n');
  const repairedLines: number[] = [];
  const encodingsUsed = new Set<string>();
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    // Windows-1252 first: its marks ("Ã©") are also valid Mac Roman text that would decode wrongly.
    for (const encoding of ['win1252', 'macintosh']) {
      const repaired = tryRepair(line, encoding);
      if (repaired !== null) {
        lines[index] = repaired;
        repairedLines.push(index + 1);
        encodingsUsed.add(encoding === 'macintosh' ? 'Mac Roman' : 'Windows-1252');
        break;
      }
    }
  }
  const diagnostics: Diagnostic[] = repairedLines.length
    ? [
        {
          code: 'encoding-repaired',
          severity: 'warning',
          message: `${repairedLines.length} line(s) were UTF-8 read as ${[...encodingsUsed].join(' and ')} and were repaired (first: line ${repairedLines[0]})`,
          line: repairedLines[0] ?? 1,
        },
      ]
    : [];
  return { text: lines.join('\n'), repairedLines, diagnostics };
}
