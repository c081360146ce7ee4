/**
 * Whether the human report is coloured. Decided here, once, and handed to the renderer as a boolean,
 * so that chalk's own detection (which reads FORCE_COLOR but not NO_COLOR) never gets a say.
 */

export interface ColorInputs {
  /** `--no-color` was given. */
  readonly noColorFlag: boolean;
  /** The environment (`process.env`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal. */
  readonly isTTY: boolean;
}

/**
 * `--no-color` wins over everything. Then FORCE_COLOR, when set to anything but `0` or `false`, turns
 * colour on (even into a pipe) and `FORCE_COLOR=0` turns it off; as in Node itself, it outranks
 * NO_COLOR. Then NO_COLOR, when non-empty (no-color.org), turns it off. Otherwise: colour on a
 * terminal, unless TERM is `dumb`.
 */
export function shouldUseColor({ noColorFlag, env, isTTY }: ColorInputs): boolean {
  if (noColorFlag) return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  return isTTY && env['TERM'] !== 'dumb';
}
