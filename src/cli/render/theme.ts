import { Chalk, type ChalkInstance } from 'chalk';

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

const unchanged: Paint = (text) => text;

/** Without colour every paint returns its text as it is, which is what chalk does at level 0. */
const PLAIN: Theme = { title: unchanged, label: unchanged, dim: unchanged, good: unchanged, bad: unchanged, warn: unchanged, dns: unchanged };

/** An explicit chalk instance at level 1 (the 16 basic colours), never chalk's detection: the caller decides (TTY, NO_COLOR). */
export function createTheme(color: boolean): Theme {
  return color ? chalkTheme(new Chalk({ level: 1 })) : PLAIN;
}

/** The theme's paints as `chalk` draws them. */
export function chalkTheme(chalk: ChalkInstance): Theme {
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
