/**
 * Orderings the runners use. Plain folders have no runner, so they sort the way people number files
 * (2_x.sql before 10_x.sql); the runners each have their own rule, implemented next to their format.
 */

const CHUNKS = /\d+|\D+/g;

/** Natural order: runs of digits compare as numbers, everything else by code unit. */
export function naturalCompare(a: string, b: string): number {
  const left = a.match(CHUNKS) ?? [];
  const right = b.match(CHUNKS) ?? [];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const x = left[i]!;
    const y = right[i]!;
    if (x === y) continue;
    if (isDigits(x) && isDigits(y)) {
      const byValue = compareBigInt(BigInt(x), BigInt(y));
      if (byValue !== 0) return byValue;
      continue;
    }
    return compareCodeUnits(x, y);
  }
  return left.length - right.length || compareCodeUnits(a, b);
}

/** Byte-wise string order for ASCII names, as Go's `<` on strings and Java's `String.compareTo` give it. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareBigInt(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isDigits(s: string): boolean {
  return s.charCodeAt(0) >= 48 && s.charCodeAt(0) <= 57;
}

/**
 * A Flyway version: `_` separates parts like `.` does (V1_1 is 1.1), every part is a number (1.10 after 1.9),
 * and missing parts count as zero (1 equals 1.0). Undefined when the text is not a version.
 */
export function parseFlywayVersion(text: string): bigint[] | undefined {
  if (!/^\d+([._]\d+)*$/.test(text)) return undefined;
  return text.split(/[._]/).map((part) => BigInt(part));
}

export function compareFlywayVersions(a: readonly bigint[], b: readonly bigint[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const order = compareBigInt(a[i] ?? 0n, b[i] ?? 0n);
    if (order !== 0) return order;
  }
  return 0;
}
