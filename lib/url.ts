/**
 * Server identity: two URLs name the same server when scheme, host (case-insensitive), port
 * (the scheme's default written or not) and path (trailing slashes aside) agree. A saved token
 * is bound to its profile's server by this comparison.
 */

/** The canonical form of a server URL (`https://host:port/path`), or undefined if unparsable. */
export function normalizeServerUrl(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  // URL already lower-cases the host and drops the scheme's default port.
  const path = url.pathname.replace(/\/+$/, "");
  return `${url.protocol}//${url.host}${path}`;
}

/** True when `a` and `b` name the same server. */
export function sameServer(a: string, b: string): boolean {
  const na = normalizeServerUrl(a);
  return na !== undefined && na === normalizeServerUrl(b);
}
