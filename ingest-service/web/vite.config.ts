import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

// The dashboard is served by the ingest service itself (src/web/static-files.ts): one flat
// folder of content-hashed assets under /assets, and index.html at /.
export default defineConfig({
  root: import.meta.dirname,
  base: "/",
  plugins: [preact()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    assetsDir: "assets",
    target: "es2022",
    sourcemap: false,
    reportCompressedSize: false,
  },
});
