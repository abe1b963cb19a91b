/** A progress line on stderr: redrawn in place on a terminal, a few plain lines otherwise. */
import type { Context } from "./context.ts";
import { terminalSafe } from "./output.ts";

/** Returns a callback to report `done` of `total`; `-q` keeps it quiet, like a note. */
export function progress(ctx: Context, text: string): (done: number, total: number) => void {
  const tty = ctx.io.stderrIsTerminal;
  const label = terminalSafe(text);
  if (ctx.globals.quiet) return () => {};
  let lastTenth = -1;
  return (done, total) => {
    if (tty) {
      ctx.io.stderr.write(`\r${label}: ${done}/${total}${done === total ? "\n" : ""}`);
      return;
    }
    // Piped stderr (cron mail, logs): one line per tenth, not one per item.
    const tenth = Math.floor((done * 10) / total);
    if (tenth !== lastTenth || done === total) {
      lastTenth = tenth;
      ctx.io.stderr.write(`${label}: ${done}/${total}\n`);
    }
  };
}

/** Piped stderr gets one line per this many items of a stream whose length is not known. */
const STREAM_STEP = 1000;

/**
 * Progress of work whose total grows as it is found (targets listed page by page): `update`
 * with the items done and found so far, `end` once nothing more comes (the last line).
 */
export function streamProgress(
  ctx: Context,
  text: string,
): { update(done: number, found: number): void; end(): void } {
  const tty = ctx.io.stderrIsTerminal;
  const label = terminalSafe(text);
  if (ctx.globals.quiet) return { update() {}, end() {} };
  let last: [number, number] | undefined;
  let printed: [number, number] | undefined;
  return {
    update(done, found) {
      last = [done, found];
      if (tty) ctx.io.stderr.write(`\r${label}: ${done}/${found}`);
      else if (done % STREAM_STEP === 0 && done > 0) {
        printed = last;
        ctx.io.stderr.write(`${label}: ${done}/${found}\n`);
      }
    },
    end() {
      if (!last) return;
      if (tty) ctx.io.stderr.write("\n");
      else if (printed?.[0] !== last[0] || printed[1] !== last[1]) {
        ctx.io.stderr.write(`${label}: ${last[0]}/${last[1]}\n`);
      }
    },
  };
}
