/**
 * The command line itself is wrong (an unknown option, a port of 0, a delay below RFC 8305's floor).
 * The message is one line that names what was wrong; the CLI prints it as `eyeball: <message>` and
 * exits with code 2, without a stack trace.
 */
export class UsageError extends Error {
  override name = 'UsageError';
  readonly code = 'EYEBALL_USAGE';
}
