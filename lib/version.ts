/** The tool's version; kept equal to deno.json's "version" (a test checks). */
export const VERSION = "0.1.0";

/** The version line: the tool's, Deno's, and the target it was built for. */
export function versionLine(): string {
  return `${VERSION} (deno ${Deno.version.deno}, ${Deno.build.target})`;
}
