/** An option outside what is allowed (a port of 70000); thrown before any work starts, naming the option and the value. */
export class InvalidOptionError extends TypeError {
  override name = 'InvalidOptionError';
  readonly code = 'EYEBALL_INVALID_OPTION';
  readonly option: string;

  constructor(option: string, value: unknown, expected: string) {
    super(`Expected \`${option}\` to be ${expected}, got ${describeValue(value)}`);
    this.option = option;
  }
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null) return String(value);
  return `a value of type ${typeof value}`;
}
