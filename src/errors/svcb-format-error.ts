import { EyeballError } from './eyeball-error.js';

/** The RDATA of an SVCB or HTTPS record breaks RFC 9460 §2.2, so the record is malformed; eyeball skips it. */
export class SvcbFormatError extends EyeballError {
  override name = 'SvcbFormatError';

  constructor(reason: string) {
    super('EYEBALL_SVCB_MALFORMED', `Malformed SVCB/HTTPS record: ${reason}`);
  }
}
