import { parseArgs } from "node:util";
import pino from "pino";
import { Agent } from "../agent.js";
import { formatConfigError } from "../config/config-error.js";
import { loadAgentConfig } from "../config/load-agent-config.js";
import { createDriverRegistry } from "../drivers/registry.js";
import { loadEnrollment } from "../enroll/load-enrollment.js";
import { type CliIo, processIo } from "./io.js";

export const RUN_USAGE = "usage: onramp-agent run <config.yaml>\n";

/**
 * `onramp-agent run <config>`: runs until SIGTERM or SIGINT (graceful stop: stop polling, flush
 * batches into the spool, publish the death). SIGHUP re-reads the config and applies device
 * changes; a config that no longer validates is reported and the running one kept.
 */
export async function runCommand(args: readonly string[], io: CliIo = processIo): Promise<number> {
  const { positionals } = parseArgs({ args: [...args], allowPositionals: true, strict: true });
  const [file] = positionals;
  if (file === undefined || positionals.length > 1) {
    io.stderr(RUN_USAGE);
    return 2;
  }
  const loaded = await loadAgentConfig(file, io.env);
  if (!loaded.ok) {
    for (const e of loaded.errors) io.stderr(`${formatConfigError(e)}\n`);
    return 1;
  }
  const { resolved } = loaded;
  const enrollment = await loadEnrollment(resolved.dataDir);
  if (!enrollment.ok) {
    io.stderr(`${enrollment.code}: ${enrollment.message}\n`);
    return 1;
  }
  const logger = pino({
    level: resolved.config.log.level,
    base: { gateway: enrollment.enrollment.record.gateway },
  });
  const registry = createDriverRegistry({ logger, dataDir: resolved.dataDir, now: Date.now });
  const agent = await Agent.start({ resolved, enrollment: enrollment.enrollment, registry, logger });

  const onHangup = () => {
    void (async () => {
      const next = await loadAgentConfig(file, io.env);
      if (!next.ok) {
        for (const e of next.errors) logger.error({ code: e.code }, formatConfigError(e));
        logger.error({ code: "ONRAMP_CONFIG_RELOAD_REJECTED" }, "reload refused: the running config is kept");
        return;
      }
      const result = await agent.reload(next.resolved);
      if (result.needsRestart.length > 0) {
        logger.warn({ sections: result.needsRestart }, "these config sections change only on restart");
      }
    })();
  };
  process.on("SIGHUP", onHangup);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGTERM", stop);
      process.off("SIGINT", stop);
      void agent.stop().finally(resolve);
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
  });
  process.off("SIGHUP", onHangup);
  return 0;
}
