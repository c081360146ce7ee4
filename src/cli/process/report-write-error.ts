import { EyeballError } from '../../errors/eyeball-error.js';

/**
 * stdout failed while the report was written: a full disk (ENOSPC), a reader that went away (EPIPE), a
 * terminal that hung up (EIO). The report is incomplete; the CLI says so in one line on stderr and exits
 * with 1. `cause` is the stream's error.
 */
export class ReportWriteError extends EyeballError {
  override name = 'ReportWriteError';

  constructor(cause: NodeJS.ErrnoException) {
    super('EYEBALL_REPORT_WRITE', `cannot write to stdout (${cause.code ?? cause.message}): the report is incomplete`, { cause });
  }
}
