/** Parsers for flag values; a bad value is a usage error (exit 2) before anything is sent. */

const UUID_HEX = /^[0-9a-fA-F]{32}$/;

/** Accepts a UUID in the forms the server accepts; returns it lowercase and hyphenated. */
export function parseUuid(input: string): string {
  let raw = input.trim();
  if (/^urn:uuid:/i.test(raw)) raw = raw.slice(9);
  if (raw.startsWith("{") && raw.endsWith("}")) raw = raw.slice(1, -1);
  const hex = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/
      .test(raw)
    ? raw.replace(/-/g, "")
    : raw;
  if (!UUID_HEX.test(hex)) throw new SyntaxError(`'${input}' is not a UUID`);
  const h = hex.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The UUID of a value, or undefined when it is not one (in any form the server accepts). */
export function uuidOf(value: string): string | undefined {
  try {
    return parseUuid(value);
  } catch {
    return undefined;
  }
}

/**
 * The parser of a flag or argument that takes a name or an id: refuses, before anything is
 * sent, what can be neither — an empty value, or one made only of hex digits and hyphens,
 * written like a UUID but not one (a mistyped id, which no listing would explain).
 */
export function parseRef(input: string): string {
  if (input.trim() === "") throw new SyntaxError("must not be empty (give a name or an id)");
  if (uuidOf(input)) return input;
  const bare = input.trim().replace(/^urn:uuid:/i, "").replace(/^\{(.*)\}$/, "$1");
  // A UUID's first group and a hyphen, or a long run of hex: a cut or mistyped id.
  const idLike = /^[0-9a-fA-F]{8}-[0-9a-fA-F-]*$/.test(bare) ||
    (/^[0-9a-fA-F-]{24,}$/.test(bare) && /[0-9]/.test(bare));
  if (idLike) {
    throw new SyntaxError(`'${input}' is not a UUID (and looks like a mistyped one, not a name)`);
  }
  return input;
}

/** A whole number within [min, max]. */
export function intParser(min: number, max: number): (input: string) => number {
  return (input: string) => {
    if (!/^-?\d+$/.test(input.trim())) throw new SyntaxError(`'${input}' is not a whole number`);
    const value = Number(input);
    if (value < min || value > max) {
      throw new SyntaxError(`${value} is out of range (${min} to ${max})`);
    }
    return value;
  };
}

/** `true` or `false`, as the old CLI spelled them. */
export function parseBool(input: string): boolean {
  const v = input.trim().toLowerCase();
  if (v === "true" || v === "yes" || v === "1") return true;
  if (v === "false" || v === "no" || v === "0") return false;
  throw new SyntaxError(`'${input}' is not true or false`);
}

/** A non-empty string. */
export function parseNonEmpty(input: string): string {
  if (input.trim() === "") throw new SyntaxError("must not be empty");
  return input;
}

/** The system roles, in the server's spelling (pangolin-api.md section 3). */
export const ROLES = ["root", "tenant-admin", "tenant-user"] as const;
/** A system role. */
export type Role = typeof ROLES[number];

/** Accepts the kebab-case role and the old CLI's PascalCase spellings; returns kebab-case. */
export function parseRole(input: string): Role {
  const v = input.trim().toLowerCase().replace(/_/g, "-");
  const map: Record<string, Role> = {
    "root": "root",
    "tenant-admin": "tenant-admin",
    "tenantadmin": "tenant-admin",
    "tenant-user": "tenant-user",
    "tenantuser": "tenant-user",
  };
  const role = map[v];
  if (!role) throw new SyntaxError(`'${input}' is not a role (root, tenant-admin, tenant-user)`);
  return role;
}
