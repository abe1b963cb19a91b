// HS256 JWTs for the Pangolin test double, built on crypto.subtle. Header and claim order
// match what the real server writes: {"typ":"JWT","alg":"HS256"} and
// sub, jti, username, tenant_id, role, exp, iat.

const enc = new TextEncoder();
const dec = new TextDecoder("utf-8", { fatal: true });

/** Imports the shared secret as an HMAC-SHA256 key for signing and verifying. */
export function importHs256Key(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    "raw",
    enc.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign", "verify"],
  );
}

/** Encodes bytes as unpadded base64url. */
export function b64url(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** Decodes unpadded base64url; null on any padding or alphabet problem (as jsonwebtoken). */
export function b64urlDecode(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const std = text.replaceAll("-", "+").replaceAll("_", "/");
  try {
    const bin = atob(std + "=".repeat((4 - (std.length % 4)) % 4));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/** Signs a claims object (key order preserved) into a compact HS256 JWT. */
export async function signJwt(key: CryptoKey, claims: Record<string, unknown>): Promise<string> {
  const header = b64url(enc.encode(JSON.stringify({ typ: "JWT", alg: "HS256" })));
  const payload = b64url(enc.encode(JSON.stringify(claims)));
  const input = `${header}.${payload}`;
  const sig = new Uint8Array(await crypto.subtle.sign("HMAC", key, enc.encode(input)));
  return `${input}.${b64url(sig)}`;
}

/** Checks format, HS256 header and signature; returns the raw claims or null. */
export async function verifyJwtSignature(
  key: CryptoKey,
  token: string,
): Promise<Record<string, unknown> | null> {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const [h, p, s] = parts;
  const headerBytes = b64urlDecode(h);
  const payloadBytes = b64urlDecode(p);
  const sig = b64urlDecode(s);
  if (!headerBytes || !payloadBytes || !sig) return null;
  let header: unknown;
  let claims: unknown;
  try {
    header = JSON.parse(dec.decode(headerBytes));
    claims = JSON.parse(dec.decode(payloadBytes));
  } catch {
    return null;
  }
  if (typeof header !== "object" || header === null) return null;
  if ((header as Record<string, unknown>).alg !== "HS256") return null;
  const ok = await crypto.subtle.verify("HMAC", key, sig, enc.encode(`${h}.${p}`));
  if (!ok) return null;
  if (typeof claims !== "object" || claims === null || Array.isArray(claims)) return null;
  return claims as Record<string, unknown>;
}

/** Decodes a JWT payload without verifying it (for tests that inspect claims). */
export function decodeJwtPayload(token: string): Record<string, unknown> {
  const bytes = b64urlDecode(token.split(".")[1] ?? "");
  if (!bytes) throw new Error("not a JWT");
  return JSON.parse(dec.decode(bytes));
}
