/**
 * stdout, where the report goes, watched for failure. After the first failure nothing more is written, and
 * `onFailure` stops the run, since nobody will read what it finds. A write fails after it returns, so the
 * failure is known for sure only once {@link ReportOutput.flushed} has resolved.
 */
import type { Writable } from 'node:stream';
import { ReportWriteError } from './report-write-error.js';

export interface ReportOutput {
  readonly write: (text: string) => void;
  /** Why the report could not be written in full; null while every write went through. */
  readonly failure: ReportWriteError | null;
  /** Resolves once everything written so far has reached the stream, or the stream has failed. */
  flushed(): Promise<void>;
}

export function watchReportOutput(stream: Writable, onFailure: (failure: ReportWriteError) => void): ReportOutput {
  let failure: ReportWriteError | null = null;
  const fail = (error: Error | null | undefined): void => {
    if (error === null || error === undefined || failure !== null) return;
    failure = new ReportWriteError(error);
    onFailure(failure);
  };
  // Without a listener, the stream's 'error' event would be an uncaught exception.
  stream.on('error', fail);
  return {
    write(text) {
      if (failure === null) stream.write(text, fail);
    },
    get failure() {
      return failure;
    },
    flushed() {
      if (failure !== null) return Promise.resolve();
      return new Promise((resolve) => {
        stream.write('', (error) => {
          fail(error);
          resolve();
        });
      });
    },
  };
}
