/**
 * Modules that lib/ loads by a computed specifier, so that `deno run` does not read them, or the
 * npm packages behind them, into the start-up graph of every run. `deno compile` embeds what
 * this file imports, as it embeds every file under commands/; nothing imports it at run time.
 * tests/everyday_test.ts checks that every computed import in lib/ is named here.
 */
import "../lib/parser.ts";
import "../lib/prompt.ts";
