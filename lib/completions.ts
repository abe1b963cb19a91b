/**
 * Shell completion scripts, generated from the command tree itself so that they cannot drift
 * from it: every command, and every flag of each command plus the global flags.
 */
import type { CommandSpec } from "./command.ts";
import { GLOBAL_FLAGS } from "./globals.ts";
import type { StaticGroup } from "./help.ts";

/** The shells a script can be generated for. */
export const SHELLS = ["bash", "zsh", "fish"] as const;
/** One of SHELLS. */
export type Shell = typeof SHELLS[number];

interface FlagInfo {
  name: string;
  alias?: string;
  brief: string;
  takesValue: boolean;
  /** Its values are the saved profiles' names, read at completion time. */
  profiles?: boolean;
}

interface CommandInfo {
  name: string;
  brief: string;
  flags: FlagInfo[];
  /** Its first argument is a profile name (its placeholder says `profile`). */
  profileArg: boolean;
}

/**
 * Lists the saved profiles' names at completion time: names only, never a token; the tool
 * prints only names a shell can take as one word.
 */
const PROFILES_COMMAND = "list-profiles --names 2>/dev/null";

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function describe(name: string, command: CommandSpec): CommandInfo {
  const flags = (command.parameters.flags ?? {}) as Record<
    string,
    { kind: string; brief: string }
  >;
  const aliases = Object.entries(command.parameters.aliases ?? {});
  const positional = command.parameters.positional as
    | { kind: string; parameters?: ReadonlyArray<{ placeholder?: string }> }
    | undefined;
  return {
    name,
    brief: command.brief,
    profileArg: positional?.kind === "tuple" &&
      positional.parameters?.[0]?.placeholder === "profile",
    flags: Object.entries(flags).map(([key, flag]) => ({
      name: `--${kebab(key)}`,
      alias: aliases.find(([, target]) => target === key)?.[0],
      brief: flag.brief,
      takesValue: flag.kind !== "boolean" && flag.kind !== "counter",
    })),
  };
}

function globalFlags(): FlagInfo[] {
  return GLOBAL_FLAGS.flatMap((g) =>
    g.names.filter((n) => n.startsWith("--")).map((name) => ({
      name,
      alias: g.names.find((n) => /^-[a-zA-Z]$/.test(n))?.slice(1),
      brief: `global flag ${name}`,
      takesValue: g.takesValue,
      profiles: name === "--profile",
    }))
  );
}

function commands(groups: readonly StaticGroup[]): CommandInfo[] {
  return groups.flatMap((g) => Object.entries(g.commands).map(([n, c]) => describe(n, c)));
}

function quoteSingle(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function bash(cmds: CommandInfo[], globals: FlagInfo[]): string {
  // Before the command word only global flags can stand; those with a value skip the next word.
  const valueFlags = globals.filter((f) => f.takesValue)
    .flatMap((f) => [f.name, ...(f.alias ? [`-${f.alias}`] : [])]);
  const cases = cmds.map((c) =>
    `    ${c.name}) opts=${quoteSingle(c.flags.map((f) => f.name).join(" "))} ;;`
  );
  return [
    "# bash completion for pangolin-admin (generated from its command tree)",
    "# Load it with: source <(pangolin-admin completions bash)",
    "_pangolin_admin() {",
    '  local cur="${COMP_WORDS[COMP_CWORD]}" cmd="" i w skip=""',
    `  local value_flags=${quoteSingle(" " + [...new Set(valueFlags)].join(" ") + " ")}`,
    "  for ((i = 1; i < COMP_CWORD; i++)); do",
    '    w="${COMP_WORDS[i]}"',
    '    if [[ -n "$skip" ]]; then skip=""; continue; fi',
    '    if [[ "$w" == -* ]]; then',
    '      [[ "$w" != *=* && "$value_flags" == *" $w "* ]] && skip=1',
    "      continue",
    "    fi",
    '    cmd="$w"; break',
    "  done",
    `  local globals=${quoteSingle(globals.map((f) => f.name).join(" "))}`,
    // Profile names are read line by line, never through compgen -W, which would expand them.
    '  local prev="${COMP_WORDS[COMP_CWORD-1]}" name',
    `  local profile_flags=${
      quoteSingle(
        " " + globals.filter((f) => f.profiles).flatMap((f) => [
          f.name,
          ...(f.alias ? [`-${f.alias}`] : []),
        ]).join(" ") + " ",
      )
    }`,
    `  local profile_commands=${
      quoteSingle(" " + cmds.filter((c) => c.profileArg).map((c) => c.name).join(" ") + " ")
    }`,
    '  if [[ "$profile_flags" == *" $prev "* ||',
    '        ( -n "$cmd" && "$profile_commands" == *" $cmd "* && "$prev" == "$cmd" && "$cur" != -* ) ]]; then',
    "    COMPREPLY=()",
    '    while IFS= read -r name; do [[ "$name" == "$cur"* ]] && COMPREPLY+=("$name"); done \\',
    `      < <("\${COMP_WORDS[0]}" ${PROFILES_COMMAND})`,
    "    return",
    "  fi",
    '  local opts=""',
    '  if [[ -z "$cmd" ]]; then',
    `    COMPREPLY=($(compgen -W ${
      quoteSingle(cmds.map((c) => c.name).join(" "))
    }' '"$globals --help --version" -- "$cur"))`,
    "    return",
    "  fi",
    '  case "$cmd" in',
    ...cases,
    "  esac",
    '  COMPREPLY=($(compgen -W "$opts $globals --help" -- "$cur"))',
    "}",
    "complete -o default -F _pangolin_admin pangolin-admin",
    "",
  ].join("\n");
}

function zshEscape(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/'/g, "'\\''").replace(/:/g, "\\:").replace(
    /\[/g,
    "\\[",
  ).replace(/]/g, "\\]");
}

function zsh(cmds: CommandInfo[], globals: FlagInfo[]): string {
  const profiles = `{compadd -- \${(f)"$($words[1] ${PROFILES_COMMAND})"}}`;
  const spec = (f: FlagInfo) =>
    `'${f.name}[${zshEscape(f.brief)}]${
      f.profiles ? `:profile:${profiles}` : f.takesValue ? ":value:" : ""
    }'`;
  const globalSpecs = globals.map(spec).join(" ");
  return [
    "#compdef pangolin-admin",
    "# zsh completion for pangolin-admin (generated from its command tree)",
    "# Load it with: source <(pangolin-admin completions zsh)",
    "_pangolin_admin() {",
    "  local -a commands",
    "  commands=(",
    ...cmds.map((c) => `    '${c.name}:${zshEscape(c.brief)}'`),
    "  )",
    "  if (( CURRENT == 2 )); then",
    "    _describe 'command' commands",
    "    return",
    "  fi",
    "  case $words[2] in",
    ...cmds.map((c) =>
      `    ${c.name}) _arguments ${
        [...c.flags.map(spec), globalSpecs, ...(c.profileArg ? [`'1:profile:${profiles}'`] : [])]
          .join(" ")
      } ;;`
    ),
    "  esac",
    "}",
    'if [[ "$funcstack[1]" = "_pangolin_admin" ]]; then _pangolin_admin "$@"; else',
    "  compdef _pangolin_admin pangolin-admin; fi",
    "",
  ].join("\n");
}

function fish(cmds: CommandInfo[], globals: FlagInfo[]): string {
  const q = (s: string) => quoteSingle(s);
  const lines = [
    "# fish completion for pangolin-admin (generated from its command tree)",
    "# Load it with: pangolin-admin completions fish | source",
    "complete -c pangolin-admin -f",
  ];
  const profiles = q(`(pangolin-admin ${PROFILES_COMMAND})`);
  for (const c of cmds) {
    lines.push(
      `complete -c pangolin-admin -n __fish_use_subcommand -a ${c.name} -d ${q(c.brief)}`,
    );
    if (c.profileArg) {
      lines.push(
        `complete -c pangolin-admin -n '__fish_seen_subcommand_from ${c.name}' -a ${profiles}`,
      );
    }
    for (const f of c.flags) {
      const short = f.alias ? ` -s ${f.alias}` : "";
      lines.push(
        `complete -c pangolin-admin -n '__fish_seen_subcommand_from ${c.name}' -l ${
          f.name.slice(2)
        }${short}${f.takesValue ? " -r" : ""} -d ${q(f.brief)}`,
      );
    }
  }
  for (const f of globals) {
    const short = f.alias ? ` -s ${f.alias}` : "";
    lines.push(
      `complete -c pangolin-admin -l ${f.name.slice(2)}${short}${f.takesValue ? " -r" : ""}` +
        (f.profiles ? ` -a ${profiles}` : ""),
    );
  }
  return lines.join("\n") + "\n";
}

/** The completion script for `shell`. */
export function completionScript(shell: Shell, groups: readonly StaticGroup[]): string {
  const cmds = commands(groups);
  const globals = globalFlags();
  switch (shell) {
    case "bash":
      return bash(cmds, globals);
    case "zsh":
      return zsh(cmds, globals);
    case "fish":
      return fish(cmds, globals);
  }
}
