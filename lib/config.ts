/**
 * The profile file (`~/.pangolin/config`): JSON, one entry per profile. It holds a session
 * token, so it is created 0600 from the first byte inside a 0700 folder, every write is atomic
 * (sibling temp file, fsync, rename) under an exclusive lock, and a file that is not valid JSON
 * is never overwritten.
 */
import { ConfigError } from "./errors.ts";
import type { Writer } from "./context.ts";
import { dirOf, openChecked, openOwnForWrite, trustFile, trustFolder } from "./file_trust.ts";

/** One saved session. Never holds a password or an API key. */
export interface Profile {
  url?: string;
  token?: string;
  token_id?: string;
  expires_at?: string;
  username?: string;
  user_id?: string;
  role?: string;
  tenant_id?: string | null;
  tenant_name?: string | null;
  [key: string]: unknown;
}

/** The whole file. */
export interface ConfigFile {
  profiles: Record<string, Profile>;
  [key: string]: unknown;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** How long a run waits for another one's config lock before it gives up. */
export const LOCK_TIMEOUT_MS = 10_000;

/** Why there is no config path: the tool never falls back to the current folder. */
export const NO_HOME =
  "HOME is not set, so there is no config folder (~/.pangolin); set HOME, or name the " +
  "config file with PANGOLIN_CONFIG";

/**
 * Who holds a lock, where the system says: Linux lists every flock in /proc/locks with its pid
 * and inode; else the pid each holder writes into the lock file.
 */
async function lockHolder(lock: Deno.FsFile, lockPath: string): Promise<string> {
  let pid: number | undefined;
  try {
    const ino = (await lock.stat()).ino;
    for (const line of (await Deno.readTextFile("/proc/locks")).split("\n")) {
      const parts = line.trim().split(/\s+/);
      // "1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF"; waiters are marked "->".
      if (parts[1] !== "FLOCK" || !parts[5]) continue;
      if (ino !== null && Number(parts[5].split(":")[2]) === ino && Number(parts[4]) > 0) {
        pid = Number(parts[4]);
      }
    }
  } catch {
    // Not Linux, or /proc not mounted: fall back to the pid in the file.
  }
  if (pid === undefined) {
    const text = await Deno.readTextFile(lockPath).catch(() => "");
    if (/^\d+\n?$/.test(text)) pid = Number(text);
  }
  if (pid === undefined) return "";
  const name = (await Deno.readTextFile(`/proc/${pid}/comm`).catch(() => "")).trim();
  return `, held by process ${pid}${name ? ` (${name})` : ""}`;
}

/**
 * The whole of an open file as text (UTF-8, a leading BOM dropped, as `Response.text()` reads
 * it). Read in place: the file is a few kilobytes, and a stream costs more than the read.
 */
function readText(file: Deno.FsFile): string {
  let buf = new Uint8Array(16 * 1024);
  let used = 0;
  for (;;) {
    if (used === buf.length) {
      const bigger = new Uint8Array(buf.length * 2);
      bigger.set(buf);
      buf = bigger;
    }
    const n = file.readSync(buf.subarray(used));
    if (n === null) break;
    used += n;
  }
  return new TextDecoder().decode(buf.subarray(0, used));
}

/** Reads and writes the profile file. */
export class ConfigStore {
  #warnedMode = false;
  /** Folders above the config (and audit log) folder that passed file trust in this run. */
  readonly trusted = new Set<string>();
  readonly #path: string | undefined;
  readonly #warn: Writer;

  /** `path` undefined: there is no config file (HOME unset); every use is refused. */
  constructor(path: string | undefined, warn: Writer) {
    this.#path = path;
    // The tightening warning is said once per run, however often the file is read.
    this.#warn = {
      write: (text) => {
        if (this.#warnedMode) return;
        this.#warnedMode = true;
        warn.write(text);
      },
    };
  }

  /** The config file's path. */
  get path(): string {
    if (this.#path === undefined) throw new ConfigError(NO_HOME);
    return this.#path;
  }

  /**
   * Reads the file; a missing file is an empty config. The folder and the file must be the
   * user's own (lib/file_trust.ts); a file with only read bits for others is tightened.
   */
  async read(): Promise<ConfigFile> {
    const path = this.path;
    if (!(await trustFolder(dirOf(path), "the config folder", false, this.trusted))) {
      return { profiles: {} };
    }
    let file: Deno.FsFile | undefined;
    // Another run's atomic write (rename) between the check and the open is no attack: the
    // folder is the user's own. Check the new entry and open again, a few times at most.
    for (let attempt = 0; !file; attempt++) {
      const checked = await trustFile(path, "the config file", this.#warn);
      if (!checked) return { profiles: {} };
      try {
        file = await openChecked(path, "the config file", checked, { read: true });
      } catch (err) {
        if (attempt >= 5 || !(err instanceof ConfigError && /replaced/.test(err.message))) {
          throw err;
        }
      }
    }
    let text: string;
    try {
      text = readText(file);
    } catch (err) {
      throw new ConfigError(`Cannot read the config file ${path}: ${describe(err)}`);
    } finally {
      file.close();
    }
    return this.#parse(text);
  }

  /**
   * The permission bits of the file and of its folder, without reading or changing either
   * (`doctor`): undefined when missing, null where the OS has none (Windows).
   */
  async modes(): Promise<{ folder: string; folderMode?: number | null; fileMode?: number | null }> {
    const bits = async (path: string) => {
      try {
        const mode = (await Deno.stat(path)).mode;
        return mode === null ? null : mode & 0o777;
      } catch (err) {
        if (err instanceof Deno.errors.NotFound) return undefined;
        throw new ConfigError(`Cannot inspect ${path}: ${describe(err)}`);
      }
    };
    const folder = dirOf(this.path);
    return { folder, folderMode: await bits(folder), fileMode: await bits(this.path) };
  }

  /** The named profile, if saved. */
  async profile(name: string): Promise<Profile | undefined> {
    const config = await this.read();
    return config.profiles[name];
  }

  /**
   * Changes one profile under the lock: `change` gets the current entry (or undefined) and
   * returns the new one, or undefined to delete it.
   */
  async updateProfile(
    name: string,
    change: (current: Profile | undefined) => Profile | undefined,
  ): Promise<Profile | undefined> {
    let result: Profile | undefined;
    await this.update((config) => {
      result = change(config.profiles[name]);
      if (result === undefined) delete config.profiles[name];
      else config.profiles[name] = result;
    });
    return result;
  }

  /** Read-modify-write of the whole file under an exclusive lock, written atomically. */
  async update(change: (config: ConfigFile) => void | Promise<void>): Promise<void> {
    await this.locked(async (tx) => {
      const config = await tx.read();
      await change(config);
      await tx.write(config);
    });
  }

  /**
   * Runs `body` holding the exclusive lock, so that a decision and the write that follows it
   * (rotate only if nobody else has) happen as one step across processes. The lock is not
   * re-entrant: inside `body`, read and write through `tx`, not through this store.
   */
  async locked<T>(
    body: (
      tx: { read(): Promise<ConfigFile>; write(config: ConfigFile): Promise<void> },
    ) => Promise<T>,
  ): Promise<T> {
    const dir = dirOf(this.path);
    await trustFolder(dir, "the config folder", true, this.trusted);
    const lockPath = `${this.path}.lock`;
    const lock = await openOwnForWrite(lockPath, "the config lock", {});
    try {
      await this.#acquire(lock, lockPath);
      await this.#removeStaleTemps(dir);
      return await body({
        read: () => this.read(),
        write: (config) => this.#writeAtomically(JSON.stringify(config, null, 2) + "\n"),
      });
    } finally {
      lock.close();
    }
  }

  /**
   * Takes the lock with non-blocking attempts, then writes this process's pid into the lock
   * file. A lock that stays with one holder for LOCK_TIMEOUT_MS makes the run give up (a stuck
   * holder must not hang a cron job); while holders keep changing (a queue of parallel runs that
   * each take it briefly), the wait goes on, as the queue is moving.
   */
  async #acquire(lock: Deno.FsFile, lockPath: string): Promise<void> {
    const holderNow = () => Deno.readTextFile(lockPath).catch(() => "");
    let holder = await holderNow();
    let deadline = Date.now() + LOCK_TIMEOUT_MS;
    let pause = 5;
    while (!(await lock.tryLock(true))) {
      const now = Date.now();
      const seen = await holderNow();
      if (seen !== holder) {
        holder = seen;
        deadline = now + LOCK_TIMEOUT_MS;
      } else if (now >= deadline) {
        throw new ConfigError(
          `Gave up after ${LOCK_TIMEOUT_MS / 1000} s waiting for the config lock ${lockPath}` +
            `${await lockHolder(lock, lockPath)}; try again when it is done`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 50);
    }
    try {
      await lock.truncate(0);
      await lock.write(new TextEncoder().encode(`${Deno.pid}\n`));
    } catch {
      // The pid is a courtesy for whoever waits; the lock itself is what matters.
    }
  }

  /**
   * A writer killed between creating its temp file and renaming it leaves the temp behind.
   * Only the lock holder writes, so any temp file seen under the lock is such a leftover.
   */
  async #removeStaleTemps(dir: string): Promise<void> {
    const base = this.path.slice(dir.length + (dir.endsWith("/") ? 0 : 1));
    try {
      for await (const entry of Deno.readDir(dir)) {
        if (entry.isFile && entry.name.startsWith(`${base}.`) && entry.name.endsWith(".tmp")) {
          await Deno.remove(`${dir}/${entry.name}`).catch(() => {});
        }
      }
    } catch {
      // Not being able to tidy up is no reason to fail the write.
    }
  }

  #parse(text: string): ConfigFile {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new ConfigError(
        `The config file ${this.path} is not valid JSON (${describe(err)}); ` +
          "it was left untouched. Fix it, or move it aside and log in again.",
      );
    }
    const isObject = (v: unknown): v is Record<string, unknown> =>
      typeof v === "object" && v !== null && !Array.isArray(v);
    if (!isObject(parsed) || (parsed.profiles !== undefined && !isObject(parsed.profiles))) {
      throw new ConfigError(
        `The config file ${this.path} is not a pangolin-admin config (expected an object with ` +
          `"profiles"); it was left untouched.`,
      );
    }
    const profiles = (parsed.profiles ?? {}) as Record<string, unknown>;
    for (const [name, value] of Object.entries(profiles)) {
      if (!isObject(value)) {
        throw new ConfigError(
          `The config file ${this.path} has a profile '${name}' that is not an object; ` +
            "it was left untouched.",
        );
      }
    }
    return { ...parsed, profiles: profiles as Record<string, Profile> };
  }

  async #writeAtomically(text: string): Promise<void> {
    const suffix = crypto.getRandomValues(new Uint32Array(1))[0].toString(16);
    const temp = `${this.path}.${Deno.pid}.${suffix}.tmp`;
    try {
      // createNew + mode: the file is 0600 from the first byte, never briefly readable.
      const file = await Deno.open(temp, { createNew: true, write: true, mode: 0o600 });
      try {
        const bytes = new TextEncoder().encode(text);
        let written = 0;
        while (written < bytes.length) written += await file.write(bytes.subarray(written));
        await file.sync();
      } finally {
        file.close();
      }
      await Deno.rename(temp, this.path);
    } catch (err) {
      await Deno.remove(temp).catch(() => {});
      throw new ConfigError(`Cannot write the config file ${this.path}: ${describe(err)}`);
    }
  }
}
