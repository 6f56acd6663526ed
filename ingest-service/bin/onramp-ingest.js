#!/usr/bin/env node
// The CLI runs from TypeScript sources (like the rest of the monorepo): register tsx, then load it.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
