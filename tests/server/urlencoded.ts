// Query-string and form-body reading for the Pangolin test double, worded like
// serde_urlencoded behind serde_path_to_error (what axum's Query and Form extractors use).

import { oneOf } from "./serde_json.ts";

/** One field of a urlencoded struct; `int` fields parse like Rust's `str::parse::<u64>`. */
export interface UrlField {
  name: string;
  type: "string" | "int";
  required: boolean;
}

/** A urlencoded decoding failure, already in serde_urlencoded's wording. */
export class UrlError extends Error {}

/** Splits `a=b&c=d` the way the form_urlencoded crate does (`+` is a space, lossy UTF-8). */
export function parsePairs(input: string): [string, string][] {
  const out: [string, string][] = [];
  for (const piece of input.split("&")) {
    if (piece === "") continue;
    const eq = piece.indexOf("=");
    const k = eq < 0 ? piece : piece.slice(0, eq);
    const v = eq < 0 ? "" : piece.slice(eq + 1);
    out.push([decodeComponent(k), decodeComponent(v)]);
  }
  return out;
}

function decodeComponent(s: string): string {
  const bytes: number[] = [];
  const raw = new TextEncoder().encode(s.replaceAll("+", " "));
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === 0x25 && i + 2 < raw.length) {
      const hex = String.fromCharCode(raw[i + 1], raw[i + 2]);
      if (/^[0-9a-fA-F]{2}$/.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 2;
        continue;
      }
    }
    bytes.push(raw[i]);
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

function parseU64(value: string): number {
  // Rust's integer parse: optional `+`, then ASCII digits only. axum's Query runs
  // serde_urlencoded without a path tracker, so the message never names the field.
  const digits = value.startsWith("+") ? value.slice(1) : value;
  if (value === "") {
    throw new UrlError("cannot parse integer from empty string");
  }
  if (!/^[0-9]+$/.test(digits)) throw new UrlError("invalid digit found in string");
  const big = BigInt(digits);
  if (big > (1n << 64n) - 1n) {
    throw new UrlError("number too large to fit in target type");
  }
  return Number(big);
}

/** Decodes pairs into a struct; `strict` rejects unknown keys (serde `deny_unknown_fields`). */
export function decodeStruct(
  pairs: [string, string][],
  fields: readonly UrlField[],
  strict: boolean,
): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of pairs) {
    const field = fields.find((f) => f.name === k);
    if (!field) {
      if (strict) {
        throw new UrlError(
          `unknown field \`${k}\`, expected ${oneOf(fields.map((f) => f.name))}`,
        );
      }
      continue;
    }
    if (k in out) throw new UrlError(`duplicate field \`${k}\``);
    out[k] = field.type === "int" ? parseU64(v) : v;
  }
  for (const f of fields) {
    if (f.required && !(f.name in out)) throw new UrlError(`missing field \`${f.name}\``);
  }
  return out;
}
