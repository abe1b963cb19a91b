/**
 * Output rules: data and the contract's success lines on stdout, everything else on stderr;
 * with --json exactly one JSON document on stdout and nothing else. Every human line passes
 * through `terminalSafe` here, so text from a server or a file cannot drive the terminal.
 */
import { cellWidth, cutCells, padCells } from "./cell_width.ts";
import type { Context, Writer } from "./context.ts";

// C0 controls but tab, DEL, C1, and the bidirectional embeddings, overrides and isolates.
// deno-lint-ignore no-control-regex
const UNSAFE = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;
// deno-lint-ignore no-control-regex
const UNSAFE_TEST = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

function escape(c: string): string {
  return "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0");
}

/**
 * Text with every character that could steer a terminal (C0 but tab, DEL, C1, bidi overrides)
 * shown as a visible escape (`\u001b`). Line breaks are escaped too: this is one line's content.
 */
export function terminalSafe(text: string): string {
  return UNSAFE_TEST.test(text) ? text.replace(UNSAFE, escape) : text;
}

/**
 * Lines the tool lays out itself (a table, a tree): each line is made safe on its own, and the
 * breaks between them are the tool's. `say` prints them one per line.
 */
export class Block {
  readonly lines: readonly string[];
  constructor(lines: readonly string[]) {
    const safe = new Array<string>(lines.length);
    for (let i = 0; i < lines.length; i++) safe[i] = terminalSafe(lines[i]);
    this.lines = safe;
  }
  /** The lines joined (for a caller that embeds a block in other text). */
  toString(): string {
    return this.lines.join("\n");
  }
}

/** The block's lines, each indented. */
export function indentBlock(block: Block, prefix: string): Block {
  return new Block(block.lines.map((l) => (l === "" ? l : prefix + l)));
}

function lineText(text: string | Block): string {
  return typeof text === "string" ? terminalSafe(text) : text.lines.join("\n");
}

/**
 * Writes one line to stdout (suppressed under --json, whose document is the only output). A
 * string is one line: a line break inside it is shown as `\u000a`; a `Block` keeps its lines.
 */
export function say(ctx: Context, text: string | Block): void {
  if (ctx.globals.json) return;
  if (typeof text === "string") {
    ctx.io.stdout.write(terminalSafe(text) + "\n");
    return;
  }
  // A long table goes out a slice of lines at a time: never one string of the whole table.
  const lines = text.lines;
  for (let i = 0; i < lines.length; i += SAY_CHUNK) {
    ctx.io.stdout.write(lines.slice(i, i + SAY_CHUNK).join("\n") + "\n");
  }
  if (lines.length === 0) ctx.io.stdout.write("\n");
}

/** Lines written per write by `say` for a Block. */
const SAY_CHUNK = 2000;

/** Writes a note (or progress) line to stderr; `-q` drops it. */
export function note(ctx: Context, line: string | Block): void {
  if (!ctx.globals.quiet) ctx.io.stderr.write(lineText(line) + "\n");
}

/** Writes a warning to stderr; kept under `-q`. */
export function warn(ctx: Context, line: string | Block): void {
  ctx.io.stderr.write(lineText(line) + "\n");
}

/**
 * A writer for the modules that report to stderr without a context (the HTTP client, the
 * config store): each line is made safe, and `Note:` lines are dropped under `-q`.
 */
export function stderrLines(io: { stderr: Writer }, quiet?: boolean): Writer {
  return {
    write(text: string) {
      const lines = text.endsWith("\n") ? text.slice(0, -1).split("\n") : text.split("\n");
      const kept = quiet ? lines.filter((l) => !l.startsWith("Note:")) : lines;
      if (kept.length > 0) io.stderr.write(new Block(kept).toString() + "\n");
    },
  };
}

/** Writes text the tool wrote itself and that must stay byte for byte (a completion script). */
export function printText(ctx: Context, text: string): void {
  ctx.io.stdout.write(text);
}

/** Writes the one JSON document of a --json run (exact JSON: its escapes are its own). */
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

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A time relative to `now`: `just now`, `in 23h`, `3d ago`, `2y ago`. */
export function relativeTime(value: unknown, now: Date): string {
  if (value === null || value === undefined || value === "") return "-";
  const date = value instanceof Date ? value : new Date(value as string | number);
  const at = date.getTime();
  if (Number.isNaN(at)) return String(value);
  const diff = at - now.getTime();
  const abs = Math.abs(diff);
  if (abs < MINUTE) return "just now";
  let amount: string;
  if (abs < HOUR) amount = `${Math.floor(abs / MINUTE)}m`;
  else if (abs < 2 * DAY) amount = `${Math.floor(abs / HOUR)}h`;
  else if (abs < 365 * DAY) amount = `${Math.floor(abs / DAY)}d`;
  else amount = `${Math.floor(abs / (365 * DAY))}y`;
  return diff > 0 ? `in ${amount}` : `${amount} ago`;
}

/**
 * What a column holds: `id` cells are shortened to 8 characters on a terminal (never cut
 * further, so rows stay tellable apart), `time` cells (the server's timestamp) are shown
 * relative on a terminal and as a UTC date otherwise, `text` cells are cut with `…` to fit.
 */
export type ColumnKind = "id" | "time" | "text";

/** A column of a table: its header, what it holds, and how to show a row's cell. */
export interface Column<T> {
  header: string;
  kind?: ColumnKind;
  cell: (row: T) => unknown;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const SHORT_ID = 8;
const MIN_TEXT = 6;
const GAP = 2;
/** Between a row's cells while the table is built (terminal-safe text holds no NUL). */
const CELL_SEP = "\u0000";

/** A cell as text: a field the server left out (or sent as another type) is not a crash. */
function cellText(value: unknown): string {
  if (typeof value === "string") return value;
  return value === undefined || value === null ? "-" : String(value);
}

/** How a table is laid out: in full (pipes, `--wide`) or to fit a terminal's width. */
interface Layout {
  fit: boolean;
  columns: number;
  now: Date;
}

function layoutFor(ctx: Context): Layout {
  const fit = Boolean(ctx.io.stdoutIsTerminal) && !ctx.globals.wide;
  return {
    fit,
    columns: ctx.io.columns && ctx.io.columns > 0 ? ctx.io.columns : 80,
    now: ctx.now(),
  };
}

function showCell(value: unknown, kind: ColumnKind, layout: Layout): string {
  if (kind === "time") {
    if (typeof value === "string" || typeof value === "number" || value instanceof Date) {
      return layout.fit ? relativeTime(value, layout.now) : formatDate(value);
    }
    return cellText(value);
  }
  const text = terminalSafe(cellText(value));
  if (!layout.fit) return text;
  if (kind === "id" && text.length > SHORT_ID && !text.includes(" ")) {
    return text.slice(0, SHORT_ID);
  }
  return text.replace(UUID, (id) => id.slice(0, SHORT_ID));
}

/**
 * Narrows the widest text columns until the table fits `total` columns: the widest are evened
 * down together, and no text column goes below its header (or 6 characters, if more).
 */
function fitWidths(widths: number[], mins: number[], total: number): void {
  let used = GAP * (widths.length - 1);
  for (const w of widths) used += w;
  while (used > total) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) {
      if (widths[i] <= mins[i]) continue;
      if (widest < 0 || widths[i] > widths[widest]) widest = i;
    }
    if (widest < 0) return;
    let next = mins[widest];
    for (let i = 0; i < widths.length; i++) {
      if (i !== widest && widths[i] > mins[i] && widths[i] > next) next = widths[i];
    }
    const take = Math.min(used - total, Math.max(1, widths[widest] - next));
    widths[widest] -= take;
    used -= take;
  }
}

/**
 * A table built a row at a time: each row is turned into its cells (and the column widths
 * updated) as it is added, so a listing that streams pages holds only the cells it will show,
 * never the rows themselves. `block()` lays the table out.
 */
export class TableBuilder<T> {
  readonly #layout: Layout;
  readonly #columns: readonly Column<T>[];
  readonly #kinds: ColumnKind[];
  readonly #widths: number[];
  /** Each row's cells joined by NUL (a cell is terminal-safe, so it holds none): one string a row. */
  #rows: string[] = [];

  constructor(ctx: Context, columns: readonly Column<T>[]) {
    this.#layout = layoutFor(ctx);
    this.#columns = columns;
    this.#kinds = columns.map((c) => c.kind ?? "text");
    this.#widths = columns.map((c) => cellWidth(c.header));
  }

  /** How many rows were added. */
  get size(): number {
    return this.#rows.length;
  }

  /** Adds one row. */
  add(row: T): void {
    const columns = this.#columns;
    const cells = new Array<string>(columns.length);
    for (let i = 0; i < columns.length; i++) {
      const text = terminalSafe(showCell(columns[i].cell(row), this.#kinds[i], this.#layout));
      cells[i] = text;
      const width = cellWidth(text);
      if (width > this.#widths[i]) this.#widths[i] = width;
    }
    // join makes one flat string: the row keeps it, not its cells.
    this.#rows.push(cells.join(CELL_SEP));
  }

  /**
   * The table with a header line. On a terminal (unless `--wide`) it fits the width: ids
   * shortened, times relative, long text cut with `…`; elsewhere every cell is in full, for grep
   * and awk. Widths are terminal cells (`cellWidth`). No spreading or recursion over rows.
   */
  block(): Block {
    const layout = this.#layout;
    const columns = this.#columns;
    const kinds = this.#kinds;
    const widths = [...this.#widths];
    if (layout.fit) {
      // Ids and relative times are short already and must stay whole; text gives way.
      const mins = widths.map((w, i) =>
        kinds[i] === "text" ? Math.min(w, Math.max(MIN_TEXT, cellWidth(columns[i].header))) : w
      );
      fitWidths(widths, mins, layout.columns);
    }
    const last = columns.length - 1;
    const line = (values: readonly string[]) => {
      let out = "";
      for (let i = 0; i < values.length; i++) {
        const v = layout.fit ? cutCells(values[i], widths[i]) : values[i];
        out += i === last ? v : padCells(v, widths[i]) + " ".repeat(GAP);
      }
      return out.trimEnd();
    };
    const rows = this.#rows;
    this.#rows = [];
    // Each row's string is replaced by its line as it is laid out: never both for every row.
    rows.unshift(columns.map((c) => c.header).join(CELL_SEP));
    for (let r = 0; r < rows.length; r++) rows[r] = line(rows[r].split(CELL_SEP));
    return new Block(rows);
  }
}

/**
 * Renders rows as an aligned table with a header line (see `TableBuilder`). Cells are made
 * terminal-safe. A list of any length renders.
 */
export function table<T>(ctx: Context, rows: readonly T[], columns: readonly Column<T>[]): Block {
  const builder = new TableBuilder(ctx, columns);
  for (let r = 0; r < rows.length; r++) builder.add(rows[r]);
  return builder.block();
}

/** Prints `label: value` lines, aligned; each value is made terminal-safe (one line). */
export function fields(ctx: Context, pairs: ReadonlyArray<readonly [string, string]>): void {
  let width = 0;
  for (const [k] of pairs) width = Math.max(width, k.length + 1);
  for (const [k, v] of pairs) say(ctx, `${(k + ":").padEnd(width)} ${v}`);
}
