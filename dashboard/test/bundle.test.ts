// @vitest-environment node
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

const DIST = fileURLToPath(new URL("../dist", import.meta.url));
const BUDGET = 200 * 1024;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe("first load", () => {
  it("is under 200 KB gzip-compressed (index.html and what it loads)", () => {
    expect(existsSync(join(DIST, "index.html")), "run npm run build first").toBe(true);
    const first = files(DIST).filter((f) => /\.(html|js|css)$/.test(f) && !f.endsWith("sw.js"));
    let total = 0;
    for (const file of first) {
      const size = gzipSync(readFileSync(file), { level: 9 }).length;
      total += size;
      console.log(`  ${file.slice(DIST.length + 1)}: ${(size / 1024).toFixed(1)} KB gzip`);
    }
    console.log(`first load: ${(total / 1024).toFixed(1)} KB gzip (budget ${BUDGET / 1024} KB)`);
    expect(total).toBeLessThan(BUDGET);
  });
});
