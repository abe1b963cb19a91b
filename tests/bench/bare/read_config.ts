/**
 * The baseline of `whoami` without --check (no request): read and parse the profile file and
 * print a line of it. Usage: read_config.ts <config file> <profile>
 */
const [file, profile] = Deno.args;
const config = JSON.parse(await Deno.readTextFile(file));
const p = config.profiles?.[profile] ?? config[profile] ?? {};
console.log(`${p.username ?? "-"} ${p.url ?? "-"}`);
