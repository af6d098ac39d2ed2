import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { describe, test } from "node:test";
import { valuesIndex, valuesRow, writeValuesIndex } from "./report-data.js";
import { createLineSpool } from "./spool.js";
import type { PaperValues } from "./values.js";
import { shownColumns } from "./values.js";

describe("spooled lines and the streamed values index", () => {
  test("lines come back in order, across chunk boundaries and multi-byte characters; close removes them", () => {
    const spool = createLineSpool();
    const lines = Array.from({ length: 3000 }, (_, i) => `${i} ${"é✓🦉".repeat(i % 200)} "<x>"`);
    for (const line of lines) spool.add(line);
    spool.add("");
    assert.deepEqual([...spool.lines()], [...lines, ""]);
    // Read twice: the spool keeps its lines until closed.
    assert.equal([...spool.lines()].length, lines.length + 1);
    assert.ok(existsSync(spool.path));
    spool.close();
    assert.equal(existsSync(spool.path), false);
  });

  test("the index written a row at a time is the index built at once", () => {
    const cell = (v: string, cq: number, quote?: string) => ({ values: [v, `${v}2`], cq, quote });
    const rows = [
      { id: "a".repeat(64), title: "Owls </script>", cells: [cell("ResNet", 12, "We used <ResNet>.")] },
      { id: "b".repeat(64), title: "Bats", cells: [undefined, undefined, cell("Adam", 15)] },
      { id: "c".repeat(64), title: "Empty", cells: [] },
    ] as unknown as PaperValues[];
    const whole = JSON.stringify(valuesIndex(rows, 2));
    let streamed = "";
    writeValuesIndex(rows.map(valuesRow), 2, shownColumns(rows), (part) => {
      streamed += part;
    });
    assert.equal(streamed, whole);
  });
});
