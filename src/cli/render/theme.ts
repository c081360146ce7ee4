import { Chalk } from 'chalk';

export type Paint = (text: string) => string;

/** The colours of the human output, by meaning. Colour only adds: every fact is also in the text. */
export interface Theme {
  readonly title: Paint;
  readonly label: Paint;
  readonly dim: Paint;
  readonly good: Paint;
  readonly bad: Paint;
  readonly warn: Paint;
  readonly dns: Paint;
}

/**
 * An explicit chalk instance, never chalk's own detection: the caller decides (TTY, NO_COLOR,
 * FORCE_COLOR) and passes `color`. Level 1 (the 16 basic colours) is all the output uses.
 */
export function createTheme(color: boolean): Theme {
  const chalk = new Chalk({ level: color ? 1 : 0 });
  return {
    title: chalk.bold,
    label: chalk.bold,
    dim: chalk.dim,
    good: chalk.green,
    bad: chalk.red,
    warn: chalk.yellow,
    dns: chalk.cyan,
  };
}
