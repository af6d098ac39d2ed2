/** Small statistics shared by the benchmark scripts. */

/**
 * The median of `xs` (the mean of the two middle values for an even count; 0 for none).
 * @example median([3, 1, 2, 10]) // 2.5
 */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return 0;
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
