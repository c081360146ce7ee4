/** An error as plain data, as traces and reports carry it. */
export interface ErrorInfo {
  /** A stable code: a system one (`ECONNREFUSED`, `ENOTFOUND`, `ESERVFAIL`, ...) or eyeball's (`EYEBALL_...`). */
  readonly code: string;
  readonly message: string;
}

/** The serialisable face of an error in a trace: its stable code (or name) and its message. */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof Error) return { code: errorCode(error, error.name), message: error.message };
  return { code: 'UNKNOWN', message: String(error) };
}

/** The string `code` an error carries (a system error's `ECONNREFUSED`, c-ares' `ENOTFOUND`, ...), else `fallback`. */
export function errorCode(error: unknown, fallback: string): string {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : fallback;
}
