/** The CLI's exit codes (documented in `eyeball --help` and docs/cli.md); the signal ones are 128 + the signal's number. */

export const EXIT_CONNECTED = 0;
/** No connection, a failed check, or a report that could not be written in full. */
export const EXIT_NOT_CONNECTED = 1;
export const EXIT_USAGE = 2;
export const EXIT_HANGUP = 129;
export const EXIT_INTERRUPTED = 130;
export const EXIT_TERMINATED = 143;
