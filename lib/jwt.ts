/**
 * Reads the claims of a Pangolin JWT without verifying it: the client cannot check the
 * server's signature, but the token's own `jti`, `exp` and `tenant_id` tell which session it
 * is and when it ends, without a request. Claims of the wrong type or far outside any date are
 * an invalid token, never a date the rest of the tool chokes on.
 */
import { AuthError } from "./errors.ts";

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

/** The last second of year 9999: no real token lives past it, and every Date can show it. */
const LAST_SECOND = 253402300799;

const STRING_CLAIMS = ["sub", "jti", "username", "role"] as const;
const TIME_CLAIMS = ["exp", "iat"] as const;

function shown(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** Why the claims cannot be taken as they are, or undefined when they can. */
function problemOf(claims: Record<string, unknown>): string | undefined {
  for (const name of TIME_CLAIMS) {
    const v = claims[name];
    if (v === undefined) continue;
    if (typeof v !== "number" || !Number.isFinite(v)) {
      return `its ${name} claim (${shown(v)}) is not a number of seconds`;
    }
    if (v < 0 || v > LAST_SECOND) return `its ${name} claim (${shown(v)}) is not a possible time`;
  }
  for (const name of STRING_CLAIMS) {
    const v = claims[name];
    if (v !== undefined && typeof v !== "string") {
      return `its ${name} claim (${shown(v)}) is not a string`;
    }
  }
  const tenant = claims.tenant_id;
  if (tenant !== undefined && tenant !== null && typeof tenant !== "string") {
    return `its tenant_id claim (${shown(tenant)}) is not a string`;
  }
  return undefined;
}

/** Decodes a JWT's payload: undefined when it is not a JWT, a problem when its claims are absurd. */
export function readClaims(token: string): { claims?: Claims; problem?: string } {
  const parts = token.split(".");
  if (parts.length !== 3) return {};
  let parsed: unknown;
  try {
    // Uint8Array.fromBase64 is built into V8; atob would load a runtime module on every run.
    const bytes = Uint8Array.fromBase64(parts[1], { alphabet: "base64url" });
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return {};
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return {};
  const problem = problemOf(parsed as Record<string, unknown>);
  return problem ? { problem } : { claims: parsed as Claims };
}

/**
 * Decodes a JWT's payload; undefined when it is not a JWT. Absurd claims are an invalid token
 * (exit 3), named by `whose` ("The saved token of profile 'ops'").
 */
export function decodeClaims(token: string, whose = "The token"): Claims | undefined {
  const { claims, problem } = readClaims(token);
  if (problem) {
    throw new AuthError(`${whose} is invalid: ${problem}.`, "log in again to get a new token");
  }
  return claims;
}

/** Like decodeClaims, but absurd claims are simply unknown (for best-effort notes). */
export function tryDecodeClaims(token: string): Claims | undefined {
  return readClaims(token).claims;
}

/** The token's expiry, from `exp`. */
export function expiryOf(claims: Claims | undefined): Date | undefined {
  return typeof claims?.exp === "number" ? new Date(claims.exp * 1000) : undefined;
}
