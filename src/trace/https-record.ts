/** One HTTPS record, ready to show. */
export interface HttpsRecord {
  /** `alias` (priority 0: the target is another name to ask) or `service`. */
  readonly mode: 'alias' | 'service';
  readonly priority: number;
  /** The TargetName without its trailing dot; `.` means the owner name itself. */
  readonly target: string;
  readonly alpn: readonly string[];
  /** The default protocol (`http/1.1`) is not offered (RFC 9460 §7.1.1). */
  readonly noDefaultAlpn: boolean;
  readonly port: number | null;
  readonly ipv4hint: readonly string[];
  readonly ipv6hint: readonly string[];
  /** An ECHConfigList is offered (Encrypted Client Hello). */
  readonly ech: boolean;
  /** Keys the record says a client must understand (`mandatory`), by name. */
  readonly mandatory: readonly string[];
  /** Keys eyeball does not know (`key667`), by name. */
  readonly otherKeys: readonly string[];
}

/** ServiceMode records of one answer that eyeball does not follow though the client could use them. */
export interface IgnoredServices {
  /** Records whose `port` is 0: no TCP port to connect to (a port the user cannot give either). */
  readonly portZero: number;
  /** Usable records beyond `MAX_SERVICE_RECORDS`. */
  readonly overLimit: number;
}
