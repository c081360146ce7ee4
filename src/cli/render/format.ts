/** Times for people: `0.4 ms`, `252.3 ms`, `250 ms`, `1.25 s`, `130 s`. Below a second in ms, one decimal. */
export function formatMs(ms: number): string {
  if (Math.abs(ms) >= 1000) return `${trimZeros((ms / 1000).toFixed(2))} s`;
  return `${trimZeros(ms.toFixed(1))} ms`;
}

/** `250.0` → `250`, `1.50` → `1.5`; `-0` → `0`. */
function trimZeros(fixed: string): string {
  const trimmed = fixed.includes('.') ? fixed.replace(/\.?0+$/u, '') : fixed;
  return trimmed === '-0' ? '0' : trimmed;
}
