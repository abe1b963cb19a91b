/**
 * The profile file (`~/.pangolin/config`): JSON, one entry per profile. It holds a session
 * token, so it is created 0600 from the first byte inside a 0700 folder, every write is atomic
 * (sibling temp file, fsync, rename) under an exclusive lock, and a file that is not valid JSON
 * is never overwritten.
 */
import { ConfigError } from "./errors.ts";
import type { Writer } from "./context.ts";

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

const IS_WINDOWS = Deno.build.os === "windows";

function dirOf(path: string): string {
  const at = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  if (at < 0) return ".";
  return at === 0 ? path.slice(0, 1) : path.slice(0, at);
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Reads and writes the profile file. */
export class ConfigStore {
  #warnedMode = false;

  constructor(readonly path: string, private readonly warn: Writer) {}

  /** Reads the file; a missing file is an empty config. Tightens loose modes with a warning. */
  async read(): Promise<ConfigFile> {
    let text: string;
    try {
      text = await Deno.readTextFile(this.path);
    } catch (err) {
      if (err instanceof Deno.errors.NotFound) return { profiles: {} };
      throw new ConfigError(`Cannot read the config file ${this.path}: ${describe(err)}`);
    }
    await this.#tightenMode();
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
    try {
      await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
    } catch (err) {
      throw new ConfigError(`Cannot create the config folder ${dir}: ${describe(err)}`);
    }
    let lock: Deno.FsFile;
    try {
      lock = await Deno.open(`${this.path}.lock`, { create: true, write: true, mode: 0o600 });
    } catch (err) {
      throw new ConfigError(`Cannot lock the config file ${this.path}: ${describe(err)}`);
    }
    try {
      await lock.lock(true);
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

  async #tightenMode(): Promise<void> {
    if (IS_WINDOWS) return;
    const info = await Deno.stat(this.path);
    const mode = (info.mode ?? 0) & 0o777;
    if ((mode & 0o077) === 0) return;
    await Deno.chmod(this.path, 0o600);
    if (!this.#warnedMode) {
      this.#warnedMode = true;
      this.warn.write(
        `Warning: ${this.path} was readable by others (mode ${
          mode.toString(8).padStart(4, "0")
        }); ` +
          "tightened to 0600.\n",
      );
    }
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
