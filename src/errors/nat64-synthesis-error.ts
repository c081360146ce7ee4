import { EyeballError } from './eyeball-error.js';

/**
 * An IPv4 literal, on a host with no IPv4 route, that must not be reached through NAT64 (RFC 8305 §7.1,
 * HEv3-04 §8, RFC 6052 §3.1: special-purpose or non-global addresses). Thrown before any attempt.
 */
export class Nat64SynthesisError extends EyeballError {
  override name = 'Nat64SynthesisError';
  readonly address: string;
  /** The prefix, as `64:ff9b::/96`. */
  readonly prefix: string;
  /** Why, in words (`a loopback address (127.0.0.0/8)`). */
  readonly reason: string;

  constructor(address: string, prefix: string, reason: string) {
    super('EYEBALL_NAT64_FORBIDDEN', `No NAT64 address for ${address} under ${prefix}: it is ${reason}`);
    this.address = address;
    this.prefix = prefix;
    this.reason = reason;
  }
}
