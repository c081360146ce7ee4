/**
 * The most the CLI reads from a file the command line names. src/cli/read-file.ts stops reading at the
 * first byte past the cap, so `--targets /dev/zero` or an endless pipe is refused at once (exit 2, one line)
 * instead of filling the memory.
 */

/**
 * The largest targets file read: 4 MiB is over 200,000 lines of `203.0.113.10:443`, far more targets than a
 * run of connection probes is meant for, yet small enough to refuse an endless pipe or `/dev/zero` at once.
 */
export const MAX_TARGETS_FILE_BYTES = 4 * 1024 * 1024;

/**
 * The largest `--ca` file read: 1 MiB is about five times the whole Mozilla CA bundle (about 150
 * certificates), and refuses `/dev/zero` or an endless pipe at once.
 */
export const MAX_CA_FILE_BYTES = 1024 * 1024;
