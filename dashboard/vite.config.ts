/// <reference types="vitest/config" />
import { defineConfig } from "vite";

// Relative base: the same build is served under /dashboard/ locally and at / from the dashboard bucket.
export default defineConfig({
  base: "./",
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", sourcemap: false },
  test: { environment: "jsdom", include: ["test/**/*.test.ts"] },
});
