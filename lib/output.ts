/**
 * Output rules: data and the contract's success lines on stdout, everything else on stderr;
 * with --json exactly one JSON document on stdout and nothing else.
 */
import type { Context } from "./context.ts";

/** Writes one line to stdout (suppressed under --json, whose document is the only output). */
export function say(ctx: Context, line: string): void {
  if (!ctx.globals.json) ctx.io.stdout.write(line + "\n");
}

/** Writes a note, warning or progress line to stderr. */
export function note(ctx: Context, line: string): void {
  ctx.io.stderr.write(line + "\n");
}

/** Writes the one JSON document of a --json run. */
export function printJson(ctx: Context, value: unknown): void {
  ctx.io.stdout.write(JSON.stringify(value, null, 2) + "\n");
}

/** Shows an RFC 3339 timestamp readably, in UTC: `2026-03-02 09:15:22 UTC`. */
export function formatDate(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined || value === "") return "-";
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC").replace(/Z$/, " UTC");
}

/** A column of a table: its header and how to show a row's cell. */
export interface Column<T> {
  header: string;
  cell: (row: T) => string;
}

/** A cell as text: a field the server left out (or sent as another type) is not a crash. */
function cellText(value: unknown): string {
  if (typeof value === "string") return value;
  return value === undefined || value === null ? "-" : String(value);
}

/** Renders rows as an aligned table with a header line. */
export function table<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((row) => columns.map((c) => cellText(c.cell(row))));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i].length)));
  const line = (values: string[]) =>
    values.map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]))).join("  ")
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)].join("\n");
}

/** Prints `label: value` lines, aligned. */
export function fields(ctx: Context, pairs: ReadonlyArray<readonly [string, string]>): void {
  const width = Math.max(...pairs.map(([k]) => k.length)) + 1;
  for (const [k, v] of pairs) say(ctx, `${(k + ":").padEnd(width)} ${v}`);
}
