/**
 * The differential runner: sends one script of requests to the real server and to the test
 * double in lockstep and compares what comes back. Ids differ between the two, so replies are
 * compared by shape (keys, their casing, value kinds), error bodies by family and by text
 * after the script's own variables are put back as names. A mismatch that the exception table
 * does not name fails; so does an exception that no longer happens.
 */

/** One server under comparison: its base URL and its own variables (ids, tokens). */
export interface Target {
  label: "real" | "double";
  url: string;
  vars: Map<string, string>;
}

/** One request of a script. Strings in `path`, `query` and `body` may name `{variables}`. */
export interface Step {
  /** Unique label; the exception table refers to it. */
  id: string;
  method: string;
  path: string;
  /** Raw query string (without `?`). */
  query?: string;
  /** Token variable to send as a bearer token; absent or "none": no credentials. */
  as?: string;
  /** A JSON value, sent with `Content-Type: application/json`. */
  body?: unknown;
  /** A raw body, sent as bytes with `contentType` only when given. */
  raw?: string;
  contentType?: string;
  /** Extra headers (values may name variables). */
  headers?: Record<string, string>;
  /** Variables to keep from a 2xx JSON reply: name -> dotted path (`id`, `0.id`, `token`). */
  save?: Record<string, string>;
  /** Headers whose presence must match (values may differ, e.g. retry-after seconds). */
  compareHeaders?: string[];
  /** Also compare array lengths (paging). */
  lengths?: boolean;
  /** Also compare these dotted paths by value (after variables are put back as names). */
  values?: string[];
  /**
   * Compare a JSON success by shape alone. By default values are compared too, with ids,
   * times, tokens and keys as kinds; set this where a value differs by nature (with why).
   */
  shapeOnly?: string;
}

/** What one server answered. */
export interface Answer {
  status: number;
  contentType: string;
  text: string;
  family: Family;
  json: unknown;
  headers: Headers;
}

/** How an answer's body is built: the real server's error families plus JSON successes. */
export type Family = "empty" | "text" | "json" | "json-error" | "nested-error";

/** A deliberate difference: which step (or steps, `prefix*`), on which route, and why. */
export interface Exception {
  step: string;
  route: string;
  reason: string;
}

/** The exception that covers a step id, if any. */
export function exceptionFor(
  id: string,
  exceptions: readonly Exception[],
): Exception | undefined {
  return exceptions.find((e) =>
    e.step.endsWith("*") ? id.startsWith(e.step.slice(0, -1)) : e.step === id
  );
}

/** The outcome of one step. */
export interface Outcome {
  step: Step;
  request: string;
  real: Answer;
  double: Answer;
  diff: string[];
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const JWT_RE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** The kind of a string: ids, times and tokens are compared as such, not by value. */
export function stringKind(s: string): string {
  if (UUID_RE.test(s)) return "string:uuid";
  if (TIME_RE.test(s)) return "string:rfc3339";
  if (JWT_RE.test(s) && s.startsWith("eyJ")) return "string:jwt";
  return "string";
}

/**
 * A JSON value's shape: objects keep their keys (sorted) with the shapes of their values,
 * arrays become the sorted set of their elements' shapes (with the length when asked: the
 * length of a list, not of the arrays inside its elements, which a page of another record
 * changes), strings their kind, numbers integer or number.
 */
export function shapeOf(value: unknown, lengths = false): unknown {
  if (value === null) return "null";
  if (Array.isArray(value)) {
    const seen = new Map<string, unknown>();
    for (const v of value) {
      const s = shapeOf(v);
      seen.set(JSON.stringify(s), s);
    }
    const elements = [...seen.keys()].sort().map((k) => seen.get(k));
    return lengths ? { "[]": elements, length: value.length } : { "[]": elements };
  }
  switch (typeof value) {
    case "string":
      return stringKind(value);
    case "number":
      return Number.isInteger(value) ? "integer" : "number";
    case "boolean":
      return "boolean";
    case "object": {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(value as object).sort()) {
        out[k] = shapeOf((value as Record<string, unknown>)[k], lengths);
      }
      return { "{}": out };
    }
    default:
      return typeof value;
  }
}

/**
 * A JSON value with what differs between servers by nature taken out: ids, times, tokens and
 * keys become their kinds, the script's variables their names, arrays an order-free multiset
 * (the real server lists some records in hash order).
 */
export function valueOf(value: unknown, vars: Map<string, string>): unknown {
  if (typeof value === "string") {
    const kind = stringKind(value);
    if (kind !== "string") return `<${kind}>`;
    if (/^pgl_[A-Za-z0-9_]{20,}$/.test(value)) return "<api key>";
    if (/^\$2[aby]\$/.test(value)) return "<bcrypt hash>";
    return unsubstitute(value, vars);
  }
  if (Array.isArray(value)) {
    return value.map((v) => valueOf(v, vars)).sort((a, b) =>
      JSON.stringify(a) < JSON.stringify(b) ? -1 : 1
    );
  }
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      out[k] = valueOf((value as Record<string, unknown>)[k], vars);
    }
    return out;
  }
  return value;
}

/** Where two `valueOf` results part, one line each (keys missing on one side are skipped). */
export function diffValues(real: unknown, double: unknown, path = "$"): string[] {
  if (JSON.stringify(real) === JSON.stringify(double)) return [];
  const isObj = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  if (isObj(real) && isObj(double)) {
    return Object.keys(real).filter((k) => k in double).flatMap((k) =>
      diffValues(real[k], double[k], `${path}.${k}`)
    );
  }
  if (Array.isArray(real) && Array.isArray(double) && real.length === double.length) {
    return real.flatMap((r, i) => diffValues(r, double[i], `${path}[${i}]`));
  }
  return [`${path}: value real ${JSON.stringify(real)}, double ${JSON.stringify(double)}`];
}

/** Differences between two shapes, one line each, with the JSON path where they part. */
export function diffShapes(real: unknown, double: unknown, path = "$"): string[] {
  if (JSON.stringify(real) === JSON.stringify(double)) return [];
  const isObj = (v: unknown): v is { "{}": Record<string, unknown> } =>
    typeof v === "object" && v !== null && "{}" in v;
  if (isObj(real) && isObj(double)) {
    const out: string[] = [];
    const keys = new Set([...Object.keys(real["{}"]), ...Object.keys(double["{}"])]);
    for (const k of [...keys].sort()) {
      const r = real["{}"][k];
      const d = double["{}"][k];
      if (r === undefined) out.push(`${path}.${k}: only the double has it (${fmt(d)})`);
      else if (d === undefined) out.push(`${path}.${k}: only the real server has it (${fmt(r)})`);
      else out.push(...diffShapes(r, d, `${path}.${k}`));
    }
    return out;
  }
  const isArr = (v: unknown): v is { "[]": unknown[]; length?: number } =>
    typeof v === "object" && v !== null && "[]" in v;
  if (isArr(real) && isArr(double)) {
    const out: string[] = [];
    if (real.length !== double.length) {
      out.push(`${path}: length real ${real.length}, double ${double.length}`);
    }
    const r = real["[]"];
    const d = double["[]"];
    if (r.length === 1 && d.length === 1) out.push(...diffShapes(r[0], d[0], `${path}[]`));
    else if (JSON.stringify(r) !== JSON.stringify(d)) {
      out.push(`${path}[]: elements real ${fmt(r)}, double ${fmt(d)}`);
    }
    return out;
  }
  return [`${path}: real ${fmt(real)}, double ${fmt(double)}`];
}

function fmt(shape: unknown): string {
  return JSON.stringify(shape, (_k, v) => {
    if (typeof v === "object" && v !== null && "{}" in v) return v["{}"];
    return v;
  });
}

/** Replaces every value of a target's variables in `text` with `{name}`, longest first. */
export function unsubstitute(text: string, vars: Map<string, string>): string {
  const entries = [...vars.entries()].filter(([, v]) => v.length >= 4).sort((a, b) =>
    b[1].length - a[1].length
  );
  let out = text;
  for (const [name, value] of entries) out = out.split(value).join(`{${name}}`);
  return out
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, "{uuid}")
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})/g, "{time}");
}

/** Puts a target's variables into `{name}` places of a string. */
export function substitute(text: string, vars: Map<string, string>): string {
  return text.replace(/\{([A-Za-z][A-Za-z0-9_.-]*)\}/g, (whole, name: string) => {
    const v = vars.get(name);
    return v === undefined ? whole : v;
  });
}

function substituteDeep(value: unknown, vars: Map<string, string>): unknown {
  if (typeof value === "string") return substitute(value, vars);
  if (Array.isArray(value)) return value.map((v) => substituteDeep(v, vars));
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = substituteDeep(v, vars);
    return out;
  }
  return value;
}

/** The value at a dotted path (`0.id`, `token`, `user.id`). */
export function pick(value: unknown, path: string): unknown {
  let v = value;
  for (const part of path.split(".")) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

function familyOf(text: string, json: unknown): Family {
  if (text === "") return "empty";
  if (json === undefined) return "text";
  if (typeof json === "object" && json !== null && !Array.isArray(json) && "error" in json) {
    const e = (json as { error: unknown }).error;
    if (typeof e === "string") return "json-error";
    if (typeof e === "object" && e !== null) return "nested-error";
  }
  return "json";
}

/** Sends one step to one target. */
export async function send(target: Target, step: Step): Promise<Answer> {
  const headers = new Headers();
  for (const [k, v] of Object.entries(step.headers ?? {})) {
    headers.set(k, substitute(v, target.vars));
  }
  if (step.as && step.as !== "none") {
    const token = target.vars.get(step.as);
    if (token === undefined) throw new Error(`${target.label}: no token variable ${step.as}`);
    headers.set("authorization", `Bearer ${token}`);
  }
  let body: Uint8Array | undefined;
  if (step.body !== undefined) {
    body = new TextEncoder().encode(JSON.stringify(substituteDeep(step.body, target.vars)));
    headers.set("content-type", "application/json");
  } else if (step.raw !== undefined) {
    // Bytes, so that fetch adds no content type of its own.
    body = new TextEncoder().encode(substitute(step.raw, target.vars));
    if (step.contentType) headers.set("content-type", step.contentType);
  }
  const query = step.query ? `?${substitute(step.query, target.vars)}` : "";
  const url = target.url + substitute(step.path, target.vars) + query;
  const response = await fetch(url, {
    method: step.method,
    headers,
    body: body as BodyInit | undefined,
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  const contentType = (response.headers.get("content-type") ?? "").split(";")[0].trim();
  return {
    status: response.status,
    contentType,
    text,
    family: familyOf(text, json),
    json,
    headers: response.headers,
  };
}

function describe(step: Step): string {
  const q = step.query ? `?${step.query}` : "";
  let line = `${step.method} ${step.path}${q} as ${step.as ?? "none"}`;
  if (step.body !== undefined) line += ` body ${JSON.stringify(step.body)}`;
  if (step.raw !== undefined) {
    line += ` raw ${JSON.stringify(step.raw)} content-type ${step.contentType ?? "(none)"}`;
  }
  if (step.headers) line += ` headers ${JSON.stringify(step.headers)}`;
  return line;
}

function errorText(a: Answer): string {
  if (a.family === "json-error") return String((a.json as { error: string }).error);
  if (a.family === "nested-error") return canonical((a.json as { error: unknown }).error);
  return a.text;
}

/** Compares two answers to one step; each line is one difference. */
export function compare(step: Step, real: Target, r: Answer, double: Target, d: Answer): string[] {
  const out: string[] = [];
  if (r.status !== d.status) out.push(`status: real ${r.status}, double ${d.status}`);
  if (r.family !== d.family) out.push(`body family: real ${r.family}, double ${d.family}`);
  if (r.contentType !== d.contentType) {
    out.push(`content-type: real "${r.contentType}", double "${d.contentType}"`);
  }
  for (const name of step.compareHeaders ?? []) {
    if (r.headers.has(name) !== d.headers.has(name)) {
      out.push(`header ${name}: real ${r.headers.get(name)}, double ${d.headers.get(name)}`);
    }
  }
  if (out.length > 0) {
    out.push(`real body: ${r.text.slice(0, 400)}`, `double body: ${d.text.slice(0, 400)}`);
    return out;
  }
  if (r.family === "text" || r.family === "json-error" || r.family === "nested-error") {
    const rt = unsubstitute(errorText(r), real.vars);
    const dt = unsubstitute(errorText(d), double.vars);
    if (rt !== dt) out.push(`text: real ${JSON.stringify(rt)}, double ${JSON.stringify(dt)}`);
  }
  if (r.family === "json" || r.family === "nested-error" || r.family === "json-error") {
    const shapes = diffShapes(shapeOf(r.json, step.lengths), shapeOf(d.json, step.lengths));
    out.push(...shapes);
    if (shapes.length === 0 && !step.shapeOnly && r.family === "json") {
      out.push(...diffValues(valueOf(r.json, real.vars), valueOf(d.json, double.vars)));
    }
  }
  for (const path of step.values ?? []) {
    const rv = unsubstitute(canonical(pick(r.json, path)), real.vars);
    const dv = unsubstitute(canonical(pick(d.json, path)), double.vars);
    if (rv !== dv) out.push(`value at ${path}: real ${rv}, double ${dv}`);
  }
  return out;
}

/** JSON text with object keys sorted (the server's maps have no stable order). */
function canonical(value: unknown): string {
  if (value === undefined) return "undefined";
  return JSON.stringify(value, (_k, v) => {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return v;
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]]));
  });
}

function keep(target: Target, step: Step, a: Answer): void {
  if (!step.save || a.status < 200 || a.status > 299) return;
  for (const [name, path] of Object.entries(step.save)) {
    const v = pick(a.json, path);
    if (typeof v === "string") target.vars.set(name, v);
    else {
      throw new Error(
        `${target.label}: step ${step.id} saves ${name} from ${path}, reply has none: ${a.text}`,
      );
    }
  }
}

/** Runs a script against both targets, step by step (real first), and returns every outcome. */
export async function runScript(
  real: Target,
  double: Target,
  steps: readonly Step[],
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const ids = new Set<string>();
  for (const step of steps) {
    if (ids.has(step.id)) throw new Error(`step id ${step.id} used twice`);
    ids.add(step.id);
    const r = await send(real, step);
    const d = await send(double, step);
    keep(real, step, r);
    keep(double, step, d);
    outcomes.push({
      step,
      request: describe(step),
      real: r,
      double: d,
      diff: compare(step, real, r, double, d),
    });
  }
  return outcomes;
}

/**
 * Checks outcomes against the exception table: an unexpected difference and an exception that
 * no longer differs are both failures. Returns the failure report ("" when all is well).
 */
export function judge(outcomes: readonly Outcome[], exceptions: readonly Exception[]): string {
  const lines: string[] = [];
  // An exception is stale when every step it covers in this run agrees.
  const used = new Map<Exception, boolean>();
  for (const o of outcomes) {
    const exception = exceptionFor(o.step.id, exceptions);
    if (exception) {
      used.set(exception, (used.get(exception) ?? false) || o.diff.length > 0);
      continue;
    }
    if (o.diff.length > 0) {
      lines.push(
        `MISMATCH ${o.step.id}: ${o.request}`,
        `  status: real ${o.real.status}, double ${o.double.status}`,
        ...o.diff.map((d) => `  ${d}`),
      );
    }
  }
  for (const [exception, differed] of used) {
    if (differed) continue;
    lines.push(
      `STALE EXCEPTION ${exception.step} (${exception.route}): both servers now agree; ` +
        "remove it from the table and from tests/server/README.md",
    );
  }
  return lines.join("\n");
}
