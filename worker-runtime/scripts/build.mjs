#!/usr/bin/env node
// npm run build: dist/runtime.mjs (SDK + runtime) and dist/tools/<id>.mjs (one per tool with an index.mjs; no SDK inside).
// Also dist/bench/runtime-bare.mjs: the same runtime with auth, limits and usage compiled out (benchmark baseline only).

import { build } from "esbuild";
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");

// The flags measured in toolchain-facts.md.
const common = {
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  mainFields: ["module", "main"],
  conditions: ["workerd", "worker", "browser"],
  minify: true,
  legalComments: "none",
  external: ["cloudflare:*", "node:*"],
  metafile: true,
  logLevel: "warning",
};

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, "tools"), { recursive: true });

const runtime = await build({ ...common, entryPoints: [join(root, "src/index.mjs")], outfile: join(dist, "runtime.mjs") });
const bare = await build({
  ...common,
  entryPoints: [join(root, "src/index.mjs")],
  outfile: join(dist, "bench/runtime-bare.mjs"),
  define: { "globalThis.MCPSAAS_BARE": "true" },
});

const toolIds = readdirSync(join(root, "tools"), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, "tools", d.name, "index.mjs")))
  .map((d) => d.name)
  .sort();
const sizes = { "runtime.mjs": bytesOf(runtime) };
for (const id of toolIds) {
  const result = await build({ ...common, entryPoints: [join(root, "tools", id, "index.mjs")], outfile: join(dist, "tools", `${id}.mjs`) });
  const inputs = Object.keys(result.metafile.inputs);
  const sdk = inputs.filter((p) => p.includes("node_modules/"));
  if (sdk.length > 0) throw new Error(`tools/${id} must not bundle packages (the runtime adapts tools): ${sdk.join(", ")}`);
  sizes[`tools/${id}.mjs`] = bytesOf(result);
}
writeFileSync(join(dist, "manifest.json"), JSON.stringify({ tools: toolIds, sizes }, null, 2) + "\n");
writeFileSync(join(dist, ".stamp"), "");
console.log(`built ${relative(process.cwd(), dist) || "dist"}: runtime.mjs (${sizes["runtime.mjs"]} B), tools: ${toolIds.join(", ") || "none"}; bench/runtime-bare.mjs (${bytesOf(bare)} B)`);

function bytesOf(result) {
  return Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
}
