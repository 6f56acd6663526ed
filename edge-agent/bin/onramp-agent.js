#!/usr/bin/env node
// The agent runs from its TypeScript source: tsx (a root devDependency, so needed at runtime for
// now) compiles it on the fly; no build step, no JavaScript compiler API (TypeScript 7 has none).
import { register } from "tsx/esm/api";

// stdout carries the command's output alone (`probe --json` is read by scripts): notices that
// libraries print with console.log (node-opcua does at import, before any logger can be set) go
// to stderr with the logs.
console.log = console.error;
console.info = console.error;
console.debug = console.error;

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
