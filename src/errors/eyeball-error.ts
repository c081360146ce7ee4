/** Every error eyeball throws carries a stable `code`; the failure underneath, if any, is its `cause`. */
export class EyeballError extends Error {
  override name = 'EyeballError';
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
