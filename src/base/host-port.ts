/** `host:port`, with IPv6 literals in brackets (`[::1]:443`). */
export function formatHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
