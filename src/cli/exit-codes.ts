/**
 * The CLI's exit codes, so that scripts and CI can tell "could not connect" from "called wrongly".
 * Documented in `eyeball --help` and docs/cli.md.
 */

/** A connection was made. */
export const EXIT_CONNECTED = 0;
/**
 * No connection: the name did not resolve, every attempt failed, or the overall timeout ran out. Also a
 * failed check, and a report that could not be written in full (stdout or the `--junit` file).
 */
export const EXIT_NOT_CONNECTED = 1;
/** Bad input: an unknown option, an invalid port or host, a delay outside what RFC 8305 allows. */
export const EXIT_USAGE = 2;
/** Hung up (the terminal closed): 128 + SIGHUP (1), as shells report it. */
export const EXIT_HANGUP = 129;
/** Interrupted with Ctrl-C: 128 + SIGINT (2), as shells report it. */
export const EXIT_INTERRUPTED = 130;
/** Terminated (`kill`, `timeout`, a cancelled CI job): 128 + SIGTERM (15), as shells report it. */
export const EXIT_TERMINATED = 143;
