/**
 * Wires a lab into a vitest suite: started in beforeAll, closed in afterAll (the exit and signal hooks of
 * namespace.ts cover runs that never get there).
 */
import { afterAll, beforeAll } from 'vitest';
import { RESOLVERS, type ResolverName } from './json-view.js';
import { type EyeballRun, type Lab, type LabOptions, startLab } from './lab.js';
import type { LabHost, LabPlan } from './plan.js';

/**
 * Starts the plan's lab for the enclosing suite; call the returned function inside tests to get it.
 * `options` is called in beforeAll, so it may hand over what an earlier beforeAll made (a key pair).
 */
export function useLab(plan: LabPlan, options: () => LabOptions = () => ({})): () => Lab {
  let lab: Lab | undefined;
  beforeAll(async () => {
    lab = await startLab(plan, options());
  });
  afterAll(async () => {
    await lab?.close();
  });
  return () => {
    if (lab === undefined) throw new Error('the lab is not running (did beforeAll fail?)');
    return lab;
  };
}

/** `eyeball` in the lab with one of the resolvers, plus any other options. */
export function eyeballWith(lab: () => Lab, resolver: ResolverName): (host: LabHost | string, options?: readonly string[]) => Promise<EyeballRun> {
  return (host, options = []) => lab().eyeball(host, [...RESOLVERS[resolver], ...options]);
}
