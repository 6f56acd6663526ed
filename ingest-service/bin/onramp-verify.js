#!/usr/bin/env node
// Offline verifier of evidence bundles: needs neither the server nor a database.
import { loadCli } from "./launch.js";

const { runVerify } = await loadCli("verify", "../src/verify-cli/main.ts");
process.exitCode = await runVerify(process.argv.slice(2), (line) => console.log(line));
