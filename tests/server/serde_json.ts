// Schema-driven JSON reader for the Pangolin test double. The real server reads bodies with
// serde_json through serde_path_to_error, which parses and type-checks in one streaming pass.
// So the FIRST problem in stream order decides between 400 (syntax/EOF) and 422 (data): an
// unknown field early in a body gives 422 even if the JSON is truncated later. Messages and
// "at line L column C" positions follow serde_json's conventions (columns count bytes).

import { parseUuid } from "./uuid.ts";

/** A field of a struct schema; `aliases` are extra accepted spellings (serde `alias`). */
export interface Field {
  name: string;
  schema: Schema;
  aliases?: readonly string[];
  /** serde `default`: may be absent even though not an Option. */
  defaulted?: boolean;
}

/** The shapes a request body (or part of one) can take, mirroring the Rust types. */
export type Schema =
  | { kind: "string" }
  | { kind: "bool" }
  | { kind: "int"; rust: "u32" | "u64" | "i64" | "usize" | "i32" }
  | { kind: "uuid" }
  | {
    kind: "enum";
    /** Every variant, in declaration order (serde's "expected one of" list). */
    variants: readonly string[];
    /** Struct variants by name (externally tagged `{"Variant": {...}}`); the rest are unit. */
    structs?: Record<string, Schema>;
  }
  | { kind: "option"; inner: Schema }
  | { kind: "map"; value: Schema }
  | { kind: "seq"; item: Schema }
  | { kind: "struct"; name: string; fields: readonly Field[]; strict: boolean }
  | {
    kind: "internal";
    /** The tag key (`#[serde(tag = "...")]`). */
    tag: string;
    /** Variant name -> its fields (each a string or a UUID); unknown keys are ignored. */
    variants: Record<string, readonly Field[]>;
  }
  | { kind: "any" };

/** Which serde_json error category a failure falls in; axum maps data to 422, others to 400. */
export type ErrorCategory = "syntax" | "eof" | "data";

/** A deserialization failure with its serde-style display text (path prefix included). */
export class DeError extends Error {
  /** serde_json's classification of the failure. */
  readonly category: ErrorCategory;
  constructor(category: ErrorCategory, message: string) {
    super(message);
    this.category = category;
  }
}

/** Schema shorthands so handler files read like the Rust request structs. */
export const S = {
  string: { kind: "string" } as Schema,
  bool: { kind: "bool" } as Schema,
  uuid: { kind: "uuid" } as Schema,
  any: { kind: "any" } as Schema,
  int(rust: "u32" | "u64" | "i64" | "usize" | "i32"): Schema {
    return { kind: "int", rust };
  },
  option(inner: Schema): Schema {
    return { kind: "option", inner };
  },
  enumOf(variants: readonly string[]): Schema {
    return { kind: "enum", variants };
  },
  /** An externally tagged enum with unit and struct variants (`null`: a unit variant). */
  tagged(name: string, variants: Record<string, readonly Field[] | null>): Schema {
    const structs: Record<string, Schema> = {};
    for (const [v, fields] of Object.entries(variants)) {
      if (fields) {
        structs[v] = { kind: "struct", name: `variant ${name}::${v}`, fields, strict: false };
      }
    }
    return { kind: "enum", variants: Object.keys(variants), structs };
  },
  map(value: Schema): Schema {
    return { kind: "map", value };
  },
  seq(item: Schema): Schema {
    return { kind: "seq", item };
  },
  struct(name: string, fields: readonly Field[], strict = true): Schema {
    return { kind: "struct", name, fields, strict };
  },
  /** An internally tagged enum of struct variants (`#[serde(tag = "type")]`). */
  internal(tag: string, variants: Record<string, readonly Field[]>): Schema {
    return { kind: "internal", tag, variants };
  },
};

/** Formats serde's "expected one of" list for unknown fields and variants. */
export function oneOf(names: readonly string[]): string {
  if (names.length === 0) return "there are no fields";
  if (names.length === 1) return `\`${names[0]}\``;
  if (names.length === 2) return `\`${names[0]}\` or \`${names[1]}\``;
  return "one of " + names.map((n) => `\`${n}\``).join(", ");
}

const U64_MAX = (1n << 64n) - 1n;
const I64_MIN = -(1n << 63n);
const RANGES: Record<string, [bigint, bigint]> = {
  u32: [0n, 4294967295n],
  u64: [0n, U64_MAX],
  usize: [0n, U64_MAX],
  i32: [-2147483648n, 2147483647n],
  i64: [I64_MIN, (1n << 63n) - 1n],
};

type Num = { int: bigint } | { float: number };
type Seg = string | number;

/** Thrown internally; carries the byte index used for the position and the path at raise. */
class RawError {
  constructor(
    readonly category: ErrorCategory,
    readonly message: string,
    readonly index: number,
    /** null: raised outside the path tracker (no prefix at all). */
    readonly path: readonly Seg[] | null,
  ) {}
}

const decoder = new TextDecoder("utf-8", { fatal: true });

class Reader {
  i = 0;
  depth = 128;
  path: Seg[] = [];
  constructor(readonly b: Uint8Array) {}

  peek(): number | undefined {
    return this.i < this.b.length ? this.b[this.i] : undefined;
  }

  ws(): number | undefined {
    while (this.i < this.b.length) {
      const c = this.b[this.i];
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.i++;
      else return c;
    }
    return undefined;
  }

  // serde_json's `error` reports the index after the last consumed byte; `peek_error` one
  // further (the offending byte itself, 1-based), clamped to the input length.
  err(category: ErrorCategory, message: string): RawError {
    return new RawError(category, message, this.i, [...this.path]);
  }

  peekErr(category: ErrorCategory, message: string): RawError {
    return new RawError(category, message, Math.min(this.i + 1, this.b.length), [...this.path]);
  }

  data(message: string): RawError {
    return this.err("data", message);
  }

  ident(rest: string): void {
    for (const ch of rest) {
      if (this.i >= this.b.length) throw this.err("eof", "EOF while parsing a value");
      const c = this.b[this.i++];
      if (c !== ch.charCodeAt(0)) throw this.err("syntax", "expected ident");
    }
  }

  str(): string {
    // The opening quote has been consumed.
    let chunkStart = this.i;
    const out: string[] = [];
    const flush = (end: number) => {
      if (end > chunkStart) {
        try {
          out.push(decoder.decode(this.b.subarray(chunkStart, end)));
        } catch {
          throw this.err("syntax", "invalid unicode code point");
        }
      }
    };
    for (;;) {
      if (this.i >= this.b.length) throw this.err("eof", "EOF while parsing a string");
      const c = this.b[this.i];
      if (c === 0x22) {
        flush(this.i);
        this.i++;
        return out.join("");
      }
      if (c === 0x5c) {
        flush(this.i);
        this.i++;
        out.push(this.escape());
        chunkStart = this.i;
        continue;
      }
      if (c < 0x20) {
        this.i++;
        throw this.err(
          "syntax",
          "control character (\\u0000-\\u001F) found while parsing a string",
        );
      }
      this.i++;
    }
  }

  escape(): string {
    if (this.i >= this.b.length) throw this.err("eof", "EOF while parsing a string");
    const c = String.fromCharCode(this.b[this.i++]);
    const simple: Record<string, string> = {
      '"': '"',
      "\\": "\\",
      "/": "/",
      b: "\b",
      f: "\f",
      n: "\n",
      r: "\r",
      t: "\t",
    };
    if (c in simple) return simple[c];
    if (c !== "u") throw this.err("syntax", "invalid escape");
    const n = this.hex4();
    if (n >= 0xd800 && n <= 0xdbff) {
      if (this.peek() !== 0x5c) {
        throw this.err("syntax", "unexpected end of hex escape");
      }
      this.i++;
      if (this.peek() !== 0x75) {
        throw this.err("syntax", "unexpected end of hex escape");
      }
      this.i++;
      const n2 = this.hex4();
      if (n2 < 0xdc00 || n2 > 0xdfff) {
        throw this.err("syntax", "lone leading surrogate in hex escape");
      }
      return String.fromCharCode(n, n2);
    }
    if (n >= 0xdc00 && n <= 0xdfff) {
      throw this.err("syntax", "lone leading surrogate in hex escape");
    }
    return String.fromCharCode(n);
  }

  hex4(): number {
    let n = 0;
    for (let k = 0; k < 4; k++) {
      if (this.i >= this.b.length) throw this.err("eof", "EOF while parsing a string");
      const c = this.b[this.i++];
      const d = c >= 0x30 && c <= 0x39
        ? c - 0x30
        : c >= 0x61 && c <= 0x66
        ? c - 0x57
        : c >= 0x41 && c <= 0x46
        ? c - 0x37
        : -1;
      if (d < 0) throw this.err("syntax", "invalid escape");
      n = n * 16 + d;
    }
    return n;
  }

  isDigit(c: number | undefined): boolean {
    return c !== undefined && c >= 0x30 && c <= 0x39;
  }

  number(): Num {
    const start = this.i;
    if (this.peek() === 0x2d) this.i++;
    if (this.i >= this.b.length) throw this.err("eof", "EOF while parsing a value");
    const first = this.b[this.i++];
    if (first === 0x30) {
      if (this.isDigit(this.peek())) throw this.peekErr("syntax", "invalid number");
    } else if (first >= 0x31 && first <= 0x39) {
      while (this.isDigit(this.peek())) this.i++;
    } else {
      throw this.err("syntax", "invalid number");
    }
    let isFloat = false;
    if (this.peek() === 0x2e) {
      isFloat = true;
      this.i++;
      if (!this.isDigit(this.peek())) {
        if (this.peek() === undefined) throw this.peekErr("eof", "EOF while parsing a value");
        throw this.peekErr("syntax", "invalid number");
      }
      while (this.isDigit(this.peek())) this.i++;
    }
    const e = this.peek();
    if (e === 0x65 || e === 0x45) {
      isFloat = true;
      this.i++;
      const sign = this.peek();
      if (sign === 0x2b || sign === 0x2d) this.i++;
      if (this.i >= this.b.length) throw this.err("eof", "EOF while parsing a value");
      const d = this.b[this.i++];
      if (!(d >= 0x30 && d <= 0x39)) throw this.err("syntax", "invalid number");
      while (this.isDigit(this.peek())) this.i++;
    }
    const text = new TextDecoder().decode(this.b.subarray(start, this.i));
    if (!isFloat) {
      const big = BigInt(text);
      // serde_json falls back to f64 for integers outside u64/i64.
      if (big <= U64_MAX && big >= I64_MIN) return { int: big };
    }
    const f = Number(text);
    if (!Number.isFinite(f)) throw this.err("syntax", "number out of range");
    return { float: f };
  }

  enter(): void {
    this.depth--;
    if (this.depth === 0) throw this.peekErr("syntax", "recursion limit exceeded");
  }

  leave(): void {
    this.depth++;
  }
}

function describeNum(n: Num): string {
  if ("int" in n) return `integer \`${n.int}\``;
  return `floating point \`${ryuFormat(n.float)}\``;
}

// serde_json prints floats with the ryu crate, whose layout differs from JS's toString
// (e.g. `1e16` vs `10000000000000000`, `1000.0` vs `1000`).
function ryuFormat(f: number): string {
  if (f === 0) return Object.is(f, -0) ? "-0.0" : "0.0";
  const sign = f < 0 ? "-" : "";
  const [mant, expText] = Math.abs(f).toExponential().split("e");
  const digits = mant.replace(".", "");
  const kk = Number(expText) + 1;
  const k = kk - digits.length;
  let out: string;
  if (k >= 0 && kk <= 16) out = `${digits}${"0".repeat(k)}.0`;
  else if (kk > 0 && kk <= 16) out = `${digits.slice(0, kk)}.${digits.slice(kk)}`;
  else if (kk > -5 && kk <= 0) out = `0.${"0".repeat(-kk)}${digits}`;
  else if (digits.length === 1) out = `${digits}e${kk - 1}`;
  else out = `${digits[0]}.${digits.slice(1)}e${kk - 1}`;
  return sign + out;
}

function debugStr(s: string): string {
  return JSON.stringify(s);
}

// serde_json's peek_invalid_type: consume the offending value (for scalars) and describe it.
function invalidType(r: Reader, expected: string): RawError {
  const c = r.peek();
  let what: string;
  if (c === undefined) return r.peekErr("eof", "EOF while parsing a value");
  if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
    what = describeNum(r.number());
  } else if (c === 0x22) {
    r.i++;
    what = `string ${debugStr(r.str())}`;
  } else if (c === 0x74) {
    r.i++;
    r.ident("rue");
    what = "boolean `true`";
  } else if (c === 0x66) {
    r.i++;
    r.ident("alse");
    what = "boolean `false`";
  } else if (c === 0x6e) {
    r.i++;
    r.ident("ull");
    what = "null";
  } else if (c === 0x5b) {
    what = "sequence";
  } else if (c === 0x7b) {
    what = "map";
  } else {
    return r.peekErr("syntax", "expected value");
  }
  return r.data(`invalid type: ${what}, expected ${expected}`);
}

function expectedText(schema: Schema): string {
  switch (schema.kind) {
    case "string":
      return "a string";
    case "bool":
      return "a boolean";
    case "int":
      return schema.rust;
    case "uuid":
      return "a UUID string";
    case "map":
      return "a map";
    case "seq":
      return "a sequence";
    case "struct":
      return `struct ${schema.name}`;
    default:
      return "any value";
  }
}

function readAny(r: Reader): unknown {
  const c = r.ws();
  if (c === undefined) throw r.peekErr("eof", "EOF while parsing a value");
  switch (c) {
    case 0x6e:
      r.i++;
      r.ident("ull");
      return null;
    case 0x74:
      r.i++;
      r.ident("rue");
      return true;
    case 0x66:
      r.i++;
      r.ident("alse");
      return false;
    case 0x22:
      r.i++;
      return r.str();
    case 0x5b: {
      r.enter();
      r.i++;
      const out: unknown[] = [];
      seqLoop(r, (idx) => {
        r.path.push(idx);
        out.push(readAny(r));
        r.path.pop();
      });
      r.leave();
      return out;
    }
    case 0x7b: {
      r.enter();
      r.i++;
      const out: Record<string, unknown> = {};
      mapLoop(r, (key) => {
        colon(r);
        r.path.push(key);
        out[key] = readAny(r);
        r.path.pop();
      });
      r.leave();
      return out;
    }
    default:
      if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
        const n = r.number();
        return "int" in n ? Number(n.int) : n.float;
      }
      throw r.peekErr("syntax", "expected value");
  }
}

function colon(r: Reader): void {
  const c = r.ws();
  if (c === 0x3a) {
    r.i++;
    return;
  }
  if (c === undefined) throw r.peekErr("eof", "EOF while parsing an object");
  throw r.peekErr("syntax", "expected `:`");
}

// Iterates object keys after `{` has been consumed, consuming the closing `}` at the end.
// `onKey` must read the colon and value. Mirrors serde_json's MapAccess + end_map.
function mapLoop(r: Reader, onKey: (key: string) => void): void {
  let first = true;
  for (;;) {
    let c = r.ws();
    if (c === 0x7d) break;
    if (c === undefined) throw r.peekErr("eof", "EOF while parsing an object");
    if (c === 0x2c && !first) {
      r.i++;
      c = r.ws();
    } else if (!first) {
      throw r.peekErr("syntax", "expected `,` or `}`");
    }
    first = false;
    if (c === 0x22) {
      r.i++;
      onKey(r.str());
    } else if (c === 0x7d) {
      throw r.peekErr("syntax", "trailing comma");
    } else if (c === undefined) {
      throw r.peekErr("eof", "EOF while parsing a value");
    } else {
      throw r.peekErr("syntax", "key must be a string");
    }
  }
  r.i++;
}

// Iterates array elements after `[` has been consumed; `onItem` returns false to stop early
// (struct-from-sequence), leaving the rest unread. A normal end consumes the closing `]`.
function seqLoop(r: Reader, onItem: (index: number) => void | false): boolean {
  let first = true;
  let index = 0;
  for (;;) {
    let c = r.ws();
    if (c === 0x5d) break;
    if (c === undefined) throw r.peekErr("eof", "EOF while parsing a list");
    if (c === 0x2c && !first) {
      r.i++;
      c = r.ws();
    } else if (!first) {
      throw r.peekErr("syntax", "expected `,` or `]`");
    }
    first = false;
    if (c === 0x5d) throw r.peekErr("syntax", "trailing comma");
    if (c === undefined) throw r.peekErr("eof", "EOF while parsing a value");
    if (onItem(index++) === false) return false;
  }
  r.i++;
  return true;
}

function readValue(r: Reader, schema: Schema): unknown {
  switch (schema.kind) {
    case "any":
      return readAny(r);
    case "option": {
      if (r.ws() === 0x6e) {
        r.i++;
        r.ident("ull");
        return null;
      }
      return readValue(r, schema.inner);
    }
    case "string": {
      if (r.ws() === 0x22) {
        r.i++;
        return r.str();
      }
      throw invalidType(r, "a string");
    }
    case "bool": {
      const c = r.ws();
      if (c === 0x74) {
        r.i++;
        r.ident("rue");
        return true;
      }
      if (c === 0x66) {
        r.i++;
        r.ident("alse");
        return false;
      }
      throw invalidType(r, "a boolean");
    }
    case "int": {
      const c = r.ws();
      if (c === 0x2d || (c !== undefined && c >= 0x30 && c <= 0x39)) {
        const n = r.number();
        if ("float" in n) {
          throw r.data(`invalid type: ${describeNum(n)}, expected ${schema.rust}`);
        }
        const [lo, hi] = RANGES[schema.rust];
        if (n.int < lo || n.int > hi) {
          throw r.data(`invalid value: ${describeNum(n)}, expected ${schema.rust}`);
        }
        return Number(n.int);
      }
      throw invalidType(r, schema.rust);
    }
    case "uuid": {
      if (r.ws() === 0x22) {
        r.i++;
        const s = r.str();
        const parsed = parseUuid(s);
        if (!parsed.ok) throw r.data(`UUID parsing failed: ${parsed.error}`);
        return parsed.value;
      }
      throw invalidType(r, "a UUID string");
    }
    case "enum": {
      const c = r.ws();
      if (c === 0x22) {
        r.i++;
        const s = r.str();
        if (!schema.variants.includes(s)) {
          throw r.data(`unknown variant \`${s}\`, expected ${oneOf(schema.variants)}`);
        }
        if (schema.structs?.[s]) {
          // Raised by the variant access, with the variant on the path and serde_json's peek
          // position (one past the closing quote).
          r.path.push(s);
          throw r.peekErr("data", "invalid type: unit variant, expected struct variant");
        }
        return s;
      }
      if (c === 0x7b) return readTaggedEnum(r, schema);
      // serde_json's deserialize_enum rejects anything else as a *syntax* error (400).
      if (c === undefined) throw r.peekErr("eof", "EOF while parsing a value");
      throw r.peekErr("syntax", "expected value");
    }
    case "map": {
      if (r.ws() !== 0x7b) throw invalidType(r, "a map");
      r.enter();
      r.i++;
      const out: Record<string, unknown> = {};
      mapLoop(r, (key) => {
        colon(r);
        r.path.push(key);
        out[key] = readValue(r, schema.value);
        r.path.pop();
      });
      r.leave();
      return out;
    }
    case "seq": {
      if (r.ws() !== 0x5b) throw invalidType(r, "a sequence");
      r.enter();
      r.i++;
      const out: unknown[] = [];
      seqLoop(r, (idx) => {
        r.path.push(idx);
        out.push(readValue(r, schema.item));
        r.path.pop();
      });
      r.leave();
      return out;
    }
    case "struct":
      return readStruct(r, schema);
    case "internal":
      return readInternallyTagged(r, schema);
  }
}

// serde buffers an internally tagged enum: the map is read whole (its keys on the path, so a
// bad tag fails at once as `scope.type: ...`), and only then is the variant built from the
// buffered entries, with no path below the enum and the position at the map's end.
function readInternallyTagged(
  r: Reader,
  schema: Extract<Schema, { kind: "internal" }>,
): Record<string, unknown> {
  if (r.ws() !== 0x7b) throw invalidType(r, "internally tagged enum");
  r.enter();
  r.i++;
  const names = Object.keys(schema.variants);
  let variant: string | null = null;
  const entries: [string, unknown][] = [];
  mapLoop(r, (key) => {
    colon(r);
    r.path.push(key);
    if (key === schema.tag) {
      if (variant !== null) throw r.data(`duplicate field \`${schema.tag}\``);
      if (r.ws() !== 0x22) throw invalidType(r, "variant identifier");
      r.i++;
      const v = r.str();
      if (!names.includes(v)) throw r.data(`unknown variant \`${v}\`, expected ${oneOf(names)}`);
      variant = v;
    } else {
      entries.push([key, readAny(r)]);
    }
    r.path.pop();
  });
  r.leave();
  if (variant === null) throw r.data(`missing field \`${schema.tag}\``);
  const fields = schema.variants[variant];
  const out: Record<string, unknown> = { [schema.tag]: variant };
  for (const [key, value] of entries) {
    const field = fields.find((f) => f.name === key);
    if (!field || key in out) continue;
    if (typeof value !== "string") {
      const expected = field.schema.kind === "uuid" ? "a UUID string" : "a string";
      throw r.data(`invalid type: ${describeContent(value)}, expected ${expected}`);
    }
    if (field.schema.kind === "uuid") {
      const parsed = parseUuid(value);
      if (!parsed.ok) throw r.data(`UUID parsing failed: ${parsed.error}`);
      out[key] = parsed.value;
    } else {
      out[key] = value;
    }
  }
  for (const f of fields) {
    if (!(f.name in out)) throw r.data(`missing field \`${f.name}\``);
  }
  return out;
}

function describeContent(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "sequence";
  switch (typeof value) {
    case "boolean":
      return `boolean \`${value}\``;
    case "number":
      return Number.isInteger(value) ? `integer \`${value}\`` : `floating point \`${value}\``;
    case "object":
      return "map";
    default:
      return "string";
  }
}

// serde_json's map form of an enum: `{"Variant": value}`. The key is read as the variant
// identifier (an unknown one fails at once, with the enclosing path), then the value with the
// variant's name on the path, as serde_path_to_error shows it (`vending_strategy.AwsSts`).
function readTaggedEnum(r: Reader, schema: Extract<Schema, { kind: "enum" }>): unknown {
  r.enter();
  r.i++;
  if (r.ws() !== 0x22) throw invalidType(r, "variant identifier");
  r.i++;
  const variant = r.str();
  if (!schema.variants.includes(variant)) {
    throw r.data(`unknown variant \`${variant}\`, expected ${oneOf(schema.variants)}`);
  }
  colon(r);
  r.path.push(variant);
  const inner = schema.structs?.[variant];
  let value: unknown = variant;
  if (inner && inner.kind === "struct") {
    const fields = readStruct(r, inner);
    for (const f of inner.fields) if (!(f.name in fields)) fields[f.name] = null;
    value = { [variant]: fields };
  } else {
    if (r.ws() !== 0x6e) throw invalidType(r, "unit");
    r.i++;
    r.ident("ull");
  }
  r.path.pop();
  const end = r.ws();
  if (end === undefined) throw r.peekErr("eof", "EOF while parsing an object");
  if (end !== 0x7d) throw r.peekErr("syntax", "expected value");
  r.i++;
  r.leave();
  return value;
}

function readStruct(
  r: Reader,
  schema: Extract<Schema, { kind: "struct" }>,
): Record<string, unknown> {
  const c = r.ws();
  const out: Record<string, unknown> = {};
  if (c === 0x5b) {
    // serde-derived structs also accept the sequence form, fields in declaration order.
    r.enter();
    r.i++;
    let count = 0;
    const ended = seqLoop(r, (idx) => {
      if (idx >= schema.fields.length) return false;
      r.path.push(idx);
      out[schema.fields[idx].name] = readValue(r, schema.fields[idx].schema);
      r.path.pop();
      count++;
    });
    // More elements than fields: serde_json's end_seq calls the rest trailing characters.
    if (!ended) throw r.peekErr("syntax", "trailing characters");
    r.leave();
    if (count < schema.fields.length) {
      throw r.data(
        `invalid length ${count}, expected struct ${schema.name} with ` +
          `${schema.fields.length} element${schema.fields.length === 1 ? "" : "s"}`,
      );
    }
    return out;
  }
  if (c !== 0x7b) throw invalidType(r, expectedText(schema));
  r.enter();
  r.i++;
  const seen = new Set<string>();
  mapLoop(r, (key) => {
    const field = schema.fields.find((f) => f.name === key || f.aliases?.includes(key));
    if (!field) {
      if (schema.strict) {
        // serde_path_to_error has already recorded the key when the field visitor refuses it.
        const names = schema.fields.flatMap((f) => [f.name, ...(f.aliases ?? [])]);
        r.path.push(key);
        throw r.data(`unknown field \`${key}\`, expected ${oneOf(names)}`);
      }
      colon(r);
      r.path.push(key);
      readAny(r);
      r.path.pop();
      return;
    }
    if (seen.has(field.name)) throw r.data(`duplicate field \`${field.name}\``);
    seen.add(field.name);
    colon(r);
    r.path.push(key);
    out[field.name] = readValue(r, field.schema);
    r.path.pop();
  });
  r.leave();
  for (const f of schema.fields) {
    if (!seen.has(f.name) && f.schema.kind !== "option" && !f.defaulted) {
      throw r.data(`missing field \`${f.name}\``);
    }
  }
  return out;
}

function position(b: Uint8Array, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < index && k < b.length; k++) {
    if (b[k] === 0x0a) {
      line++;
      lineStart = k + 1;
    }
  }
  return { line, column: index - lineStart };
}

function formatPath(path: readonly Seg[]): string {
  // serde_path_to_error shows the root (no segment yet) as `.`.
  if (path.length === 0) return ".";
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += (out === "" ? "" : ".") + seg;
  }
  return out;
}

/** Deserializes a whole body against a schema, or throws a DeError with serde's wording. */
export function deserializeJson(bytes: Uint8Array, schema: Schema): unknown {
  const r = new Reader(bytes);
  let value: unknown;
  try {
    value = readValue(r, schema);
    // serde_json's `end()`: only whitespace may follow the value. It runs outside
    // serde_path_to_error, so this one error has no path prefix.
    if (r.ws() !== undefined) throw new RawError("syntax", "trailing characters", r.i + 1, null);
  } catch (e) {
    if (!(e instanceof RawError)) throw e;
    const { line, column } = position(bytes, e.index);
    const prefix = e.path === null ? "" : `${formatPath(e.path)}: `;
    throw new DeError(e.category, `${prefix}${e.message} at line ${line} column ${column}`);
  }
  return value;
}
