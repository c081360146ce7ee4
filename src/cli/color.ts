/**
 * Whether the human report is coloured. Decided here, once, and handed to the renderer as a boolean,
 * so that chalk's own detection (which reads FORCE_COLOR but not NO_COLOR) never gets a say.
 */

interface ColorInputs {
  readonly noColorFlag: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly isTTY: boolean;
}

/** `--no-color` wins over everything, then FORCE_COLOR (as in Node itself), then NO_COLOR (no-color.org), then the terminal. */
export function shouldUseColor({ noColorFlag, env, isTTY }: ColorInputs): boolean {
  if (noColorFlag) return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  return isTTY && env['TERM'] !== 'dumb';
}
