/** The most the CLI reads from a file the command line names (src/cli/read-file.ts stops at the first byte past it). */

/** 4 MiB: over 200,000 lines of `203.0.113.10:443`, far more targets than a run of probes is meant for. */
export const MAX_TARGETS_FILE_BYTES = 4 * 1024 * 1024;

/** 1 MiB: about five times the whole Mozilla CA bundle. */
export const MAX_CA_FILE_BYTES = 1024 * 1024;
