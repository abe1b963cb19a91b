/**
 * Reads the claims of a Pangolin JWT without verifying it: the client cannot check the
 * server's signature, but the token's own `jti`, `exp` and `tenant_id` tell which session it
 * is and when it ends, without a request.
 */

/** The claims the server writes (pangolin-api.md 2.4). */
export interface Claims {
  sub?: string;
  jti?: string;
  username?: string;
  tenant_id?: string | null;
  role?: string;
  exp?: number;
  iat?: number;
}

/** Decodes a JWT's payload; undefined when it is not a JWT. */
export function decodeClaims(token: string): Claims | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  try {
    const b64 = parts[1].replace(/-/g, "+").replace(/_/g, "/");
    const padded = b64 + "=".repeat((4 - (b64.length % 4)) % 4);
    const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes));
    return typeof claims === "object" && claims !== null ? claims as Claims : undefined;
  } catch {
    return undefined;
  }
}

/** The token's expiry, from `exp`. */
export function expiryOf(claims: Claims | undefined): Date | undefined {
  return typeof claims?.exp === "number" ? new Date(claims.exp * 1000) : undefined;
}
