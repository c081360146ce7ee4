/**
 * The daemon's config travels as JSON on its command line. JSON has no bytes, and HTTPS records carry some
 * (`ech`, unknown keys): these two turn a Uint8Array into `{ "$bytes": "<base64>" }` and back.
 */

/** JSON text of `value`, with every Uint8Array (Buffers too) as `{ "$bytes": "<base64>" }`. */
export function encodeConfig(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, converted: unknown) {
    // JSON.stringify hands a Buffer to the replacer already turned into { type: 'Buffer', data }: read the original.
    const original = this[key];
    return original instanceof Uint8Array ? { $bytes: Buffer.from(original).toString('base64') } : converted;
  });
}

/** The value {@link encodeConfig} wrote, with its bytes back as Uint8Arrays. */
export function decodeConfig(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) =>
    typeof value === 'object' && value !== null && typeof (value as { $bytes?: unknown }).$bytes === 'string'
      ? new Uint8Array(Buffer.from((value as { $bytes: string }).$bytes, 'base64'))
      : value,
  );
}
