// What is wrong with bytes that should be UTF-8 text, named before a parser sees them: a parser
// reports a zero-filled file as "empty" and UTF-16 as "missing columns".
const SAMPLE = 64 * 1024;

function allZero(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** Null when `bytes` look like UTF-8 (or ASCII) text; otherwise the problem in plain words. */
export function textProblem(bytes: Uint8Array): string | null {
  const n = bytes.length;
  if (n === 0) return 'is empty (0 bytes)';
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    return 'is UTF-16 text; save it as UTF-8 (in Excel: "CSV UTF-8") and import it again';
  const head = Math.min(n, SAMPLE);
  const tailFrom = Math.max(head, n - SAMPLE);
  const middle = Math.floor(n / 2);
  if (allZero(bytes, 0, head) && allZero(bytes, tailFrom, n) && allZero(bytes, middle, Math.min(n, middle + SAMPLE)))
    return 'contains only zero bytes: the file is damaged or was never completely written (a full disk, an interrupted copy)';
  let zerosEven = 0;
  let zerosOdd = 0;
  const probe = Math.min(n, 4096);
  for (let i = 0; i < probe; i++) {
    if (bytes[i] !== 0) continue;
    if (i % 2) zerosOdd++;
    else zerosEven++;
  }
  if (Math.max(zerosEven, zerosOdd) > probe / 4 && Math.min(zerosEven, zerosOdd) < probe / 50)
    return 'is UTF-16 text (without a byte-order mark); save it as UTF-8 (in Excel: "CSV UTF-8") and import it again';
  if (zerosEven + zerosOdd > 0) return 'is not a text file (it contains zero bytes)';
  return null;
}
