import { defineCommand } from "../../lib/command.ts";
import {
  type BusinessMetadata,
  getMetadata,
  type MetadataRequest,
  setMetadata,
} from "../../lib/api/metadata.ts";
import type { Context } from "../../lib/context.ts";
import { ApiError, CommandFailure, UsageError } from "../../lib/errors.ts";
import { printJson, say, warn } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";
import { parseBool } from "../../lib/validate.ts";
import { parseProperty } from "../../lib/flags.ts";
import {
  assetExists,
  type AssetIdFlags,
  assetIdFlags,
  assetIdOf,
  explainAssetNotFound,
  isObject,
} from "./shared.ts";

interface Flags extends AssetIdFlags {
  description?: string;
  tags?: string[];
  property?: readonly (readonly [string, string])[];
  discoverable?: boolean;
}

/** `--tags a,b`: the whole tag list (empty entries dropped; `--tags ''` clears it). */
export function parseTags(input: string): string[] {
  const tags: string[] = [];
  for (const t of input.split(",").map((s) => s.trim())) {
    if (t !== "" && !tags.includes(t)) tags.push(t);
  }
  return tags;
}

/** The old positional value: JSON when it parses, else the text itself. */
function oldValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** `set-metadata`: changes an asset's business metadata, keeping what is not given. */
export const setMetadataCommand = defineCommand({
  docs: {
    brief: "Set an asset's business metadata (description, tags, properties, discoverable)",
    fullDescription: [
      "The server replaces the whole record on every write (a new record id, created-by and",
      "created-at reset), so the tool reads the current record, changes what the flags say,",
      "and writes it back: --tags replaces the tag list (--tags '' clears it), -P adds or",
      "changes one property (repeat it), --discoverable sets the flag. A new record starts",
      "with no tags, no properties and discoverable false.",
      "",
      "With --discoverable true the server checks the asset (in your session's tenant) and",
      "that you are an admin or hold manage-discovery on its catalog. Otherwise it checks",
      "nothing, not even that the asset exists; the tool warns when it cannot find it. The",
      "old form, set-metadata --entity-id <uuid> <key> <value>, still works (the value is",
      "read as JSON when it parses).",
      "",
      "Examples:",
      "  pangolin-admin set-metadata --asset-id f0e1d2c3-b4a5-4968-8778-695a4b3c2d1e " +
      "--description 'Orders fact table' --tags finance,pii -P owner=data-team",
      "  pangolin-admin set-metadata --asset-id f0e1d2c3-b4a5-4968-8778-695a4b3c2d1e " +
      "--discoverable true",
    ].join("\n"),
  },
  parameters: {
    flags: {
      ...assetIdFlags,
      description: {
        kind: "parsed",
        parse: String,
        optional: true,
        brief: "Description",
        placeholder: "text",
      },
      tags: {
        kind: "parsed",
        parse: parseTags,
        optional: true,
        brief: "Tags, comma-separated (replaces the list)",
        placeholder: "a,b",
      },
      property: {
        kind: "parsed",
        parse: parseProperty,
        variadic: true,
        optional: true,
        brief: "A property to add or change (repeatable)",
        placeholder: "key=value",
      },
      discoverable: {
        kind: "parsed",
        parse: parseBool,
        optional: true,
        brief: "true or false",
        placeholder: "true|false",
      },
    },
    aliases: { P: "property" },
    positional: {
      kind: "tuple",
      parameters: [
        { brief: "Old form: a property key", parse: String, placeholder: "key", optional: true },
        { brief: "Old form: its value", parse: String, placeholder: "value", optional: true },
      ],
    },
  },
  func: async function (this: Context, flags: Flags, key?: string, value?: string) {
    const assetId = assetIdOf(flags);
    if (key !== undefined && value === undefined) {
      throw new UsageError("The old form takes a key and a value: <key> <value>");
    }
    const props: Array<readonly [string, unknown]> = [...(flags.property ?? [])];
    if (key !== undefined) props.push([key, oldValue(value!)]);
    if (
      flags.description === undefined && flags.tags === undefined && props.length === 0 &&
      flags.discoverable === undefined
    ) {
      throw new UsageError(
        "Nothing to set: pass --description, --tags, -P key=value or " +
          "--discoverable",
      );
    }
    const { session, api } = await connect(this);
    let current: BusinessMetadata | undefined;
    try {
      current = (await getMetadata(api, assetId)).metadata;
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404 && !err.options.unexpected)) throw err;
    }
    if (!current && (await assetExists(api, assetId)) === false) {
      warn(
        this,
        `Warning: asset ${assetId} was not found in your tenant; the server keeps metadata ` +
          "for any id unless --discoverable is true.",
      );
    }
    let properties: unknown = current?.properties ?? {};
    if (props.length > 0) {
      if (!isObject(properties)) {
        throw new CommandFailure(
          `The asset's properties are not an object (${JSON.stringify(properties)}); -P ` +
            "cannot add to them.",
        );
      }
      properties = { ...properties, ...Object.fromEntries(props) };
    }
    const body: MetadataRequest = {
      tags: flags.tags ?? current?.tags ?? [],
      properties,
      discoverable: flags.discoverable ?? current?.discoverable ?? false,
    };
    const description = flags.description ?? current?.description ?? undefined;
    if (description !== undefined) body.description = description;
    let reply;
    try {
      reply = await setMetadata(api, assetId, body);
    } catch (err) {
      throw explainAssetNotFound(err, session);
    }
    if (this.globals.json) {
      printJson(this, reply);
      return;
    }
    say(this, `✅ Metadata of asset ${assetId} ${current ? "updated" : "created"}`);
  },
});
