/**
 * Files trusted as ssh trusts `~/.ssh`: the config folder, the config file, its lock and the
 * audit log must be owned by the user running the tool, must not be symbolic links, and must
 * not be writable by group or others. A file is opened only after its folder passed that check
 * (so nobody else can swap the entry), and the opened handle is compared with what was checked
 * (device and inode), so a link put in place between the check and the open is caught too.
 * Nothing is ever chmodded through a link: a mode is changed only on an entry that lstat showed
 * to be the user's own regular file.
 */
import { ConfigError } from "./errors.ts";
import type { Writer } from "./context.ts";

const IS_WINDOWS = Deno.build.os === "windows";

/** The folder part of a path. */
export function dirOf(path: string): string {
  const at = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  if (at < 0) return ".";
  return at === 0 ? path.slice(0, 1) : path.slice(0, at);
}

function octal(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, "0");
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** One line naming the file and what is wrong with it (exit 1). */
function untrusted(what: string, path: string, problem: string): ConfigError {
  return new ConfigError(`Refusing to use ${what} ${path}: ${problem}`);
}

// The checks below use the sync calls: each is one system call on a local path, and awaiting
// one op per folder level on every run cost more than the calls themselves.
function lstatOrNull(path: string, what: string): Deno.FileInfo | null {
  try {
    return Deno.lstatSync(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return null;
    throw new ConfigError(`Cannot inspect ${what} ${path}: ${describe(err)}`);
  }
}

/** The owner and write-bit rules shared by folders and files. */
function checkOwnerAndMode(info: Deno.FileInfo, what: string, path: string, fix: string): void {
  if (IS_WINDOWS) return;
  const uid = Deno.uid();
  if (uid !== null && info.uid !== null && info.uid !== uid) {
    throw untrusted(
      what,
      path,
      `it is owned by another user (uid ${info.uid}), not by you (uid ${uid})`,
    );
  }
  const mode = info.mode ?? 0;
  if (mode & 0o022) {
    throw untrusted(
      what,
      path,
      `it is writable by group or others (mode ${octal(mode)}); fix it with: ${fix}`,
    );
  }
}

/**
 * The folders above `dir`, as ssh's StrictModes checks them: each one up to `/` must be owned
 * by the user or by root, and not writable by group or others unless it has the sticky bit (so
 * `/tmp` is fine): otherwise whoever can write there could swap the folder for their own. The
 * walk starts from the real location (`realpath`: a link on the way, like macOS's `/tmp`, is
 * judged by where it leads) and costs one lstat a level; `trusted` keeps the folders already
 * passed in this run, so the next check stops where they begin. A missing `dir` (about to be
 * created) is judged by its nearest existing folder.
 */
function trustAncestors(dir: string, what: string, trusted?: Set<string>): void {
  if (IS_WINDOWS) return;
  const uid = Deno.uid();
  if (uid === null) return;
  let start = dir;
  let real: string;
  for (;;) {
    try {
      real = Deno.realPathSync(start);
      break;
    } catch (err) {
      const up = dirOf(start);
      if (!(err instanceof Deno.errors.NotFound) || up === start) {
        throw new ConfigError(`Cannot inspect ${what} ${dir}: ${describe(err)}`);
      }
      start = up;
    }
  }
  // `dir` itself is checked by the caller; a missing one's nearest existing folder is checked here.
  const passed: string[] = [];
  for (let p = start === dir ? dirOf(real) : real; !trusted?.has(p);) {
    let info: Deno.FileInfo;
    try {
      info = Deno.lstatSync(p);
    } catch (err) {
      throw new ConfigError(
        `Cannot inspect the folder ${p} above ${what} ${dir}: ${describe(err)}`,
      );
    }
    if (info.uid !== null && info.uid !== uid && info.uid !== 0) {
      throw untrusted(
        what,
        dir,
        `the folder ${p} above it is owned by another user (uid ${info.uid}), not by you ` +
          `(uid ${uid}) or root`,
      );
    }
    const mode = info.mode ?? 0;
    if ((mode & 0o022) && !(mode & 0o1000)) {
      throw untrusted(
        what,
        dir,
        `the folder ${p} above it is writable by group or others (mode ${octal(mode)}, no ` +
          `sticky bit); fix it with: chmod go-w ${p}`,
      );
    }
    passed.push(p);
    const up = dirOf(p);
    if (up === p) break;
    p = up;
  }
  for (const p of passed) trusted?.add(p);
}

/**
 * Checks a folder the tool keeps files in, and every folder above it (`trustAncestors`);
 * undefined when it does not exist. `create` makes it (0700) first when missing. `trusted`
 * (one set per run) spares a second walk over the folders above.
 */
export async function trustFolder(
  dir: string,
  what: string,
  create = false,
  trusted?: Set<string>,
): Promise<Deno.FileInfo | undefined> {
  trustAncestors(dir, what, trusted);
  let info = lstatOrNull(dir, what);
  if (!info && create) {
    try {
      await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
    } catch (err) {
      if (!(err instanceof Deno.errors.AlreadyExists)) {
        throw new ConfigError(`Cannot create ${what} ${dir}: ${describe(err)}`);
      }
    }
    info = lstatOrNull(dir, what);
  }
  if (!info) return undefined;
  if (info.isSymlink) throw untrusted(what, dir, "it is a symbolic link");
  if (!info.isDirectory) throw untrusted(what, dir, "it is not a folder");
  checkOwnerAndMode(info, what, dir, `chmod go-w ${dir}`);
  return info;
}

/**
 * Checks a file inside an already trusted folder; undefined when it does not exist. A file with
 * group or other read bits (and no write bits) is tightened to 0600 with a warning on `warn`.
 */
export async function trustFile(
  path: string,
  what: string,
  warn?: Writer,
): Promise<Deno.FileInfo | undefined> {
  const info = lstatOrNull(path, what);
  if (!info) return undefined;
  if (info.isSymlink) throw untrusted(what, path, "it is a symbolic link");
  if (!info.isFile) throw untrusted(what, path, "it is not a regular file");
  checkOwnerAndMode(info, what, path, `chmod 600 ${path}`);
  const mode = info.mode ?? 0;
  if (!IS_WINDOWS && warn && (mode & 0o077)) {
    // lstat just showed the user's own regular file in the user's own folder: no link to follow.
    await Deno.chmod(path, 0o600);
    warn.write(
      `Warning: ${path} was readable by others (mode ${octal(mode)}); tightened to 0600.\n`,
    );
    return { ...info, mode: (mode & ~0o777) | 0o600 };
  }
  return info;
}

/** True when an opened handle is the entry that was checked. */
function sameEntry(checked: Deno.FileInfo, opened: Deno.FileInfo): boolean {
  if (IS_WINDOWS || checked.ino === null || opened.ino === null) return true;
  return checked.dev === opened.dev && checked.ino === opened.ino;
}

/**
 * Opens a checked file (trustFile first), and proves the handle is the file that was checked;
 * the handle is closed and the run refused otherwise.
 */
export async function openChecked(
  path: string,
  what: string,
  checked: Deno.FileInfo,
  options: Deno.OpenOptions,
): Promise<Deno.FsFile> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, options);
  } catch (err) {
    throw new ConfigError(`Cannot open ${what} ${path}: ${describe(err)}`);
  }
  let opened: Deno.FileInfo;
  try {
    opened = await file.stat();
  } catch (err) {
    file.close();
    throw new ConfigError(`Cannot inspect ${what} ${path}: ${describe(err)}`);
  }
  if (!sameEntry(checked, opened)) {
    file.close();
    throw untrusted(what, path, "it was replaced while being opened");
  }
  return file;
}

/**
 * Opens a file in a trusted folder for writing, creating it (0600, exclusively) when missing,
 * never through a symbolic link.
 */
export async function openOwnForWrite(
  path: string,
  what: string,
  options: { append?: boolean },
  warn?: Writer,
): Promise<Deno.FsFile> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const checked = await trustFile(path, what, warn);
    if (checked) {
      return await openChecked(path, what, checked, {
        write: true,
        append: options.append,
      });
    }
    try {
      // createNew is O_EXCL: it never follows a link, and fails if someone made one meanwhile.
      return await Deno.open(path, {
        createNew: true,
        write: true,
        append: options.append,
        mode: 0o600,
      });
    } catch (err) {
      if (!(err instanceof Deno.errors.AlreadyExists)) {
        throw new ConfigError(`Cannot create ${what} ${path}: ${describe(err)}`);
      }
    }
  }
  throw untrusted(what, path, "it keeps changing while being opened");
}
