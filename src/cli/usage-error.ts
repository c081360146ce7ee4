/** The command line itself is wrong; the CLI prints the one-line message and exits with code 2, without a stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
  readonly code = 'EYEBALL_USAGE';
}
