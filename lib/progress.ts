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
