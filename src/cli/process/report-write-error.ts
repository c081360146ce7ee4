import { EyeballError } from '../../errors/eyeball-error.js';

/** stdout failed while the report was written (ENOSPC, EPIPE, EIO); `cause` is the stream's error. */
export class ReportWriteError extends EyeballError {
  override name = 'ReportWriteError';

  constructor(cause: NodeJS.ErrnoException) {
    super('EYEBALL_REPORT_WRITE', `cannot write to stdout (${cause.code ?? cause.message}): the report is incomplete`, { cause });
  }
}
