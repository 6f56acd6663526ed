#!/usr/bin/env node
// `onramp-ingest`: the service and its admin commands, as built JavaScript (./launch.js).
import { loadCli } from "./launch.js";

const { runIngest } = await loadCli("ingest", "../src/cli/main.ts");
const code = await runIngest(process.argv.slice(2));
// -1: `serve` runs until a signal stops it.
if (code >= 0) process.exitCode = code;
