// UUID helpers for the Pangolin test double. The real server parses UUIDs leniently (upper
// case, simple 32-digit, braced and urn:uuid: forms) and always emits lowercase hyphenated.

/** The nil UUID: the id of the `default` tenant and of Basic-auth root sessions. */
export const NIL_UUID = "00000000-0000-0000-0000-000000000000";

/** Outcome of a lenient UUID parse: the canonical form, or a uuid-crate style diagnostic. */
export type UuidParse = { ok: true; value: string } | { ok: false; error: string };

const HEX = /^[0-9a-fA-F]$/;

/** Parses a UUID the way the server's uuid crate does; errors mimic its messages. */
export function parseUuid(input: string): UuidParse {
  let body = input;
  let offset = 0;
  if (input.length === 45 && input.startsWith("urn:uuid:")) {
    body = input.slice(9);
    offset = 9;
  } else if (input.length === 38 && input.startsWith("{") && input.endsWith("}")) {
    body = input.slice(1, -1);
    offset = 1;
  }
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== "-" && !HEX.test(c)) {
      return {
        ok: false,
        error: "invalid character: expected an optional prefix of `urn:uuid:` followed by " +
          `[0-9a-fA-F-], found \`${c}\` at ${i + offset + 1}`,
      };
    }
  }
  if (!body.includes("-")) {
    if (body.length !== 32) {
      return {
        ok: false,
        error: `invalid length: expected length 32 for simple format, found ${body.length}`,
      };
    }
    return { ok: true, value: hyphenate(body.toLowerCase()) };
  }
  const groups = body.split("-");
  if (groups.length !== 5) {
    return { ok: false, error: `invalid group count: expected 5, found ${groups.length}` };
  }
  const expected = [8, 4, 4, 4, 12];
  for (let g = 0; g < 5; g++) {
    if (groups[g].length !== expected[g]) {
      return {
        ok: false,
        error: `invalid group length in group ${g}: expected ${expected[g]}, ` +
          `found ${groups[g].length}`,
      };
    }
  }
  return { ok: true, value: groups.join("-").toLowerCase() };
}

/** Returns the canonical form of a UUID string, or null when it does not parse. */
export function canonicalUuid(input: string): string | null {
  const parsed = parseUuid(input);
  return parsed.ok ? parsed.value : null;
}

/** A fresh random (v4) UUID in canonical form. */
export function randomUuid(): string {
  return crypto.randomUUID();
}

function hyphenate(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${
    hex.slice(20)
  }`;
}
