/**
 * How every list command prints what `ApiClient.pages` yields: with --json one array written as
 * the pages arrive (memory bounded by a page, however long the listing), otherwise a table of
 * the collected rows (or the command's line for an empty listing).
 */
import type { Context } from "./context.ts";
import { type Block, type Column, say, TableBuilder } from "./output.ts";

/** Pages of a listing, in order. */
export type Pages<T> = AsyncIterable<readonly T[]>;

/** How a list command shows its rows. */
export interface ListingView<T> {
  /** The --json form of one item (e.g. without a secret the server sent); the item itself if absent. */
  json?: (item: T) => unknown;
  /** The human form of every row (a table), given the rows at once. */
  table?: (rows: T[]) => string | Block;
  /**
   * The table's columns instead: each page is turned into the cells shown as it arrives, so only
   * those are held, never the rows (for listings that run long, like the audit log).
   */
  columns?: readonly Column<T>[];
  /** The line printed when there is no row. */
  empty: string;
}

/** Each page mapped item by item (redaction, dropping fields), still one page at a time. */
export async function* mapPages<T, U>(pages: Pages<T>, f: (item: T) => U): AsyncGenerator<U[]> {
  for await (const page of pages) yield page.map(f);
}

/** Each page with only the items `keep` accepts (lists the server filters after paging). */
export async function* filterPages<T>(
  pages: Pages<T>,
  keep: (item: T) => boolean,
): AsyncGenerator<T[]> {
  for await (const page of pages) yield page.filter(keep);
}

/**
 * Prints a listing and returns how many rows it had. With --json, stdout gets `[`, the items
 * (indented as `JSON.stringify(list, null, 2)` would) separated by `,\n`, and `]`: the same
 * bytes as printing the whole array, written as each page arrives. Nothing is written before
 * the first page has come, so a listing that fails at once leaves stdout empty; one that fails
 * later leaves the array open (no `]`), which no JSON parser takes for a complete result. The
 * human table is printed only once every page has come.
 */
export async function printListing<T>(
  ctx: Context,
  pages: Pages<T>,
  view: ListingView<T>,
): Promise<number> {
  let count = 0;
  if (ctx.globals.json) {
    const out = ctx.io.stdout;
    for await (const page of pages) {
      let chunk = "";
      for (const item of page) {
        const text = JSON.stringify(view.json ? view.json(item) : item, null, 2);
        chunk += (count === 0 ? "[\n  " : ",\n  ") + text.replaceAll("\n", "\n  ");
        count++;
      }
      if (chunk !== "") out.write(chunk);
    }
    out.write(count === 0 ? "[]\n" : "\n]\n");
    return count;
  }
  if (view.columns) {
    const builder = new TableBuilder(ctx, view.columns);
    for await (const page of pages) for (const item of page) builder.add(item);
    say(ctx, builder.size === 0 ? view.empty : builder.block());
    return builder.size;
  }
  const rows: T[] = [];
  for await (const page of pages) for (const item of page) rows.push(item);
  say(ctx, rows.length === 0 || !view.table ? view.empty : view.table(rows));
  return rows.length;
}
