/**
 * Global setup of the unit tests: builds the CLI's lookup process (dist/lookup-child.cjs) from its source,
 * as `npm run build` does, so that the tests that start it never run one older than src/.
 */
import { build } from 'esbuild';
// @ts-expect-error: a plain .mjs script of the build, without type declarations.
import { LOOKUP_CHILD_BUILD } from '../../scripts/bundles.mjs';

export default async function setup(): Promise<void> {
  await build(LOOKUP_CHILD_BUILD);
}
