// The start-up baseline: a Deno program that does nothing.
