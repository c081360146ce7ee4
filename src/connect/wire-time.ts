/**
 * The trace time of something a resolver saw happen on the wire: `performanceTime` (a `performance.now()`
 * reading the resolver took when its query went out or its answer came in) on the connection's clock,
 * `elapsed` (ms since the start). Without one, the time is now: when the flow gets to it.
 */
export function wireTime(elapsed: () => number, performanceTime: number | undefined): number {
  return performanceTime === undefined ? elapsed() : elapsed() - (performance.now() - performanceTime);
}
