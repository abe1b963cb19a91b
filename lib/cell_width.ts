/**
 * How many terminal cells text takes: East Asian wide and fullwidth characters (most emoji among
 * them) two, combining marks and zero-width characters none, everything else one. Tables fit
 * and cut by this, not by UTF-16 units.
 */

// Printable ASCII only: one cell per character, the common case measured without a scan.
const ASCII = /^[\x20-\x7e]*$/;
// Marks that take no cell of their own: nonspacing and enclosing marks, format characters
// (zero-width space and joiner; variation selectors are Mn), and Hangul medial and final jamo.
// Compiled on the first non-ASCII character: building the Unicode property sets costs
// milliseconds, and most runs print no such character (or no table at all).
let zeroWidth: RegExp | undefined;

function isZeroWidth(ch: string): boolean {
  zeroWidth ??= /^[\p{Mn}\p{Me}\p{Cf}\u1160-\u11ff\ud7b0-\ud7ff]$/u;
  return zeroWidth.test(ch);
}

/**
 * The code points of East_Asian_Width W (wide) and F (fullwidth), Unicode 15, as hex ranges
 * `first-last` (or one code point), in order: two cells in a terminal.
 */
const WIDE_RANGES =
  "1100-115f 231a-231b 2329-232a 23e9-23ec 23f0 23f3 25fd-25fe 2614-2615 2648-2653 267f 2693 " +
  "26a1 26aa-26ab 26bd-26be 26c4-26c5 26ce 26d4 26ea 26f2-26f3 26f5 26fa 26fd 2705 270a-270b " +
  "2728 274c 274e 2753-2755 2757 2795-2797 27b0 27bf 2b1b-2b1c 2b50 2b55 2e80-303e 3041-33ff " +
  "3400-4dbf 4e00-9fff a000-a4cf a960-a97f ac00-d7a3 f900-faff fe10-fe19 fe30-fe6f ff00-ff60 " +
  "ffe0-ffe6 16fe0-16fe4 16ff0-16ff1 17000-187f7 18800-18cd5 18d00-18d08 1aff0-1b2fb 1f004 " +
  "1f0cf 1f18e 1f191-1f19a 1f200-1f202 1f210-1f23b 1f240-1f248 1f250-1f251 1f260-1f265 " +
  "1f300-1f320 1f32d-1f335 1f337-1f37c 1f37e-1f393 1f3a0-1f3ca 1f3cf-1f3d3 1f3e0-1f3f0 1f3f4 " +
  "1f3f8-1f43e 1f440 1f442-1f4fc 1f4ff-1f53d 1f54b-1f54e 1f550-1f567 1f57a 1f595-1f596 1f5a4 " +
  "1f5fb-1f64f 1f680-1f6c5 1f6cc 1f6d0-1f6d2 1f6d5-1f6d7 1f6dc-1f6df 1f6eb-1f6ec 1f6f4-1f6fc " +
  "1f7e0-1f7eb 1f7f0 1f90c-1f93a 1f93c-1f945 1f947-1f9ff 1fa70-1fa7c 1fa80-1fa88 1fa90-1fabd " +
  "1fabf-1fac5 1face-1fadb 1fae0-1fae8 1faf0-1faf8 20000-2fffd 30000-3fffd";

let wide: Uint32Array | undefined;

/** WIDE_RANGES as [first, last] pairs, parsed on the first character that needs them. */
function wideTable(): Uint32Array {
  if (wide) return wide;
  const ranges = WIDE_RANGES.split(" ");
  wide = new Uint32Array(ranges.length * 2);
  for (let i = 0; i < ranges.length; i++) {
    const [first, last = first] = ranges[i].split("-");
    wide[2 * i] = parseInt(first, 16);
    wide[2 * i + 1] = parseInt(last, 16);
  }
  return wide;
}

function isWide(cp: number): boolean {
  if (cp < 0x1100) return false;
  const table = wideTable();
  let lo = 0;
  let hi = table.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < table[2 * mid]) hi = mid - 1;
    else if (cp > table[2 * mid + 1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/** The terminal cells one character (code point) takes: 0, 1 or 2. */
export function charWidth(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x7f) return cp >= 0x20 ? 1 : 0;
  if (isZeroWidth(ch)) return 0;
  return isWide(cp) ? 2 : 1;
}

/**
 * The terminal cells a line of text takes. Meant for terminal-safe text, whose escapes
 * (`\u001b`) count as the characters they are.
 */
export function cellWidth(text: string): number {
  if (ASCII.test(text)) return text.length;
  let width = 0;
  for (const ch of text) width += charWidth(ch);
  return width;
}

/** The text padded with spaces to `width` cells. */
export function padCells(text: string, width: number): string {
  const missing = width - cellWidth(text);
  return missing > 0 ? text + " ".repeat(missing) : text;
}

/**
 * The text cut to at most `width` cells, ending in `…` when anything was cut. Never splits a
 * character (or a surrogate pair); marks that follow the last kept character stay with it.
 */
export function cutCells(text: string, width: number): string {
  if (cellWidth(text) <= width) return text;
  const room = Math.max(0, width - 1);
  let out = "";
  let used = 0;
  let cut = false;
  for (const ch of text) {
    const w = charWidth(ch);
    if (used + w > room) {
      cut = true;
      break;
    }
    out += ch;
    used += w;
  }
  return cut ? out.trimEnd() + "…" : out;
}
