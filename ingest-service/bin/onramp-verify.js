#!/usr/bin/env node
// Offline verifier of evidence bundles: needs neither the server nor a database.
import { register } from "tsx/esm/api";

register();
const { runVerify } = await import("../src/verify-cli/main.ts");
process.exitCode = await runVerify(process.argv.slice(2), (line) => console.log(line));
