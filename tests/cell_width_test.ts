/**
 * Table widths count terminal cells: East Asian wide characters and emoji take two, combining
 * marks and zero-width characters none, terminal-safe escapes their visible length. Exact bytes
 * at a given width, and lines that stay within an 80-column pseudo-terminal.
 */
import assert from "node:assert/strict";
import { SEED } from "./server/mod.ts";
import { loginAsTenantAdmin, readConfig, run, withServer } from "./helpers.ts";
import { HAS_PTY, inPty, plain } from "./pty.ts";
import { cellWidth, charWidth, cutCells, padCells } from "../lib/cell_width.ts";
import { type Column, table, terminalSafe } from "../lib/output.ts";
import type { Context } from "../lib/context.ts";

Deno.test("cellWidth: wide 2, combining and zero-width 0, escapes their visible length", () => {
  assert.equal(cellWidth("sales"), 5);
  assert.equal(cellWidth("日本語"), 6);
  assert.equal(cellWidth("ｆｕｌｌ"), 8, "fullwidth forms");
  assert.equal(cellWidth("한국어"), 6);
  assert.equal(cellWidth("👍"), 2);
  assert.equal(cellWidth("🎉 ok"), 5);
  assert.equal(cellWidth("e\u0301"), 1, "a combining acute accent");
  assert.equal(cellWidth("a\u200bb\u200d"), 2, "zero-width space and joiner");
  assert.equal(cellWidth("\u20dd"), 0, "an enclosing mark");
  assert.equal(cellWidth("❤\ufe0f"), 1, "a variation selector takes no cell");
  assert.equal(cellWidth("\u00e9"), 1);
  assert.equal(cellWidth(terminalSafe("a\x1bb")), 8, "a\\u001bb as shown");
  assert.equal(cellWidth(terminalSafe("\u202e")), 6);
  assert.equal(charWidth("\u3000"), 2, "the ideographic space is fullwidth");
  assert.equal(charWidth("\u303f"), 1, "U+303F is not wide");
  assert.equal(charWidth("𠀀"), 2, "CJK extension B (outside the BMP)");
  assert.equal(charWidth("\u{1F1E6}"), 1, "a regional indicator is neutral");
});

Deno.test("cutCells and padCells: whole characters, … within the width, marks kept", () => {
  assert.equal(cutCells("日本語テキスト", 7), "日本語…");
  assert.equal(cutCells("日本語", 5), "日本…");
  assert.equal(cutCells("日本語", 6), "日本語");
  assert.equal(cutCells("👍👍👍", 4), "👍…", "never half a surrogate pair");
  assert.equal(cutCells("cafe\u0301s and more", 6), "cafe\u0301s…");
  assert.equal(cutCells("abcdefgh", 5), "abcd…");
  for (const [text, width] of [["日本語テキスト", 7], ["👍👍👍", 4], ["a日b本c", 4]] as const) {
    assert.ok(cellWidth(cutCells(text, width)) <= width, `${text} at ${width}`);
  }
  assert.equal(padCells("日本", 6), "日本  ");
  assert.equal(padCells("e\u0301", 3), "e\u0301  ");
});

interface Row {
  id: string;
  name: string;
  note: string;
}

const COLUMNS: Column<Row>[] = [
  { header: "ID", kind: "id", cell: (r) => r.id },
  { header: "Name", cell: (r) => r.name },
  { header: "Note", cell: (r) => r.note },
];

function terminal(columns: number | undefined): Context {
  return {
    globals: { json: false },
    io: { stdoutIsTerminal: columns !== undefined, columns },
    now: () => new Date("2026-03-03T12:00:00Z"),
  } as unknown as Context;
}

const ROWS: Row[] = [
  { id: "3f2a9c1e-1111-4aaa-8bbb-000000000001", name: "東京の販売データ", note: "🎉🎉 launch day" },
  { id: "3f2a9c1e-2222-4aaa-8bbb-000000000002", name: "cafe\u0301", note: "a\u200bb" },
  { id: "7d00e2b4-3333-4aaa-8bbb-000000000003", name: "x\x1by", note: "plain" },
];

Deno.test("table at 30 columns: exact bytes, columns aligned by cells, cut with …", () => {
  const block = table(terminal(30), ROWS, COLUMNS);
  assert.deepEqual(block.lines, [
    "ID        Name       Note",
    "3f2a9c1e  東京の販…  🎉🎉 lau…",
    "3f2a9c1e  cafe\u0301       a\u200bb",
    "7d00e2b4  x\\u001by   plain",
  ]);
  for (const line of block.lines) assert.ok(cellWidth(line) <= 30, `${cellWidth(line)}: ${line}`);
});

Deno.test("table through a pipe: in full, padded by cells so the columns line up", () => {
  const block = table(terminal(undefined), ROWS, COLUMNS);
  const noteAt = block.lines.map((l) => cellWidth(l.slice(0, l.lastIndexOf("  ") + 2)));
  assert.deepEqual(block.lines.slice(1).map((l) => l.split("  ")[0]), ROWS.map((r) => r.id));
  assert.equal(new Set(noteAt).size, 1, block.lines.join("\n"));
  assert.equal(block.lines[1], `${ROWS[0].id}  東京の販売データ  🎉🎉 launch day`);
});

Deno.test("list-users on a 60-column terminal: wide names fit by cells (in-process, exact)", async () => {
  await withServer(async (server) => {
    const home = await loginAsTenantAdmin(server.url);
    const token = String((await readConfig(home)).profiles.default.token);
    const created = await fetch(`${server.url}/api/v1/users`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({
        username: "山田太郎さんの長い名前",
        email: "yamada@example.invalid",
        password: "Some-pass-1",
        tenant_id: SEED.tenantId,
        role: "tenant-user",
      }),
    });
    const user = await created.json();
    assert.ok(created.ok, JSON.stringify(user));
    const r = await run(["list-users"], { home, columns: 60 });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split("\n");
    for (const line of lines) assert.ok(cellWidth(line) <= 60, `${cellWidth(line)}: ${line}`);
    const row = lines.find((l) => l.startsWith(user.id.slice(0, 8)));
    assert.ok(row, r.stdout);
    assert.match(row, /^[0-9a-f]{8} {2}山田太郎さ… {2}/);
    // Every row's later columns start at the same cell.
    const starts = lines.map((l) => cellWidth(l.slice(0, l.search(/Role|tenant-/))));
    assert.equal(new Set(starts).size, 1, r.stdout);

    if (!HAS_PTY) {
      console.log("pty part skipped: no pseudo-terminal on this host");
      return;
    }
    const pty = await inPty(["list-users"], { home, steps: [], columns: 80 });
    assert.equal(pty.code, 0, pty.screen);
    const shown = plain(pty.screen).split("\n").map((l) => l.trimEnd()).filter((l) => l);
    const header = shown.findIndex((l) => l.startsWith("ID "));
    assert.ok(header >= 0, pty.screen);
    for (const line of shown.slice(header)) {
      assert.ok(cellWidth(line) <= 80, `${cellWidth(line)} cells: ${line}`);
    }
    assert.ok(shown.some((l) => l.includes("山田太郎")), pty.screen);
  });
});
