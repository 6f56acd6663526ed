import { setErrorLogger, setWarningLogger } from "node-opcua";
import type { Logger } from "pino";

/**
 * node-opcua prints its warnings and errors with console.log — onto stdout, between the agent's
 * JSON log lines and `probe --json` output. Route them into pino at debug level instead (process
 * wide: node-opcua has one logger). What an operator must act on, the driver logs itself with a
 * stable code.
 */
export function routeLibraryLogs(logger: Logger): void {
  const library = logger.child({ component: "node-opcua" });
  setWarningLogger((...args: unknown[]) => library.debug(args.map(String).join(" ")));
  setErrorLogger((...args: unknown[]) => library.debug(args.map(String).join(" ")));
}
