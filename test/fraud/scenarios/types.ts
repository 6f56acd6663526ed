// What a scenario is: a name, the class of fraud (or honesty) it stands for, what it forges, and
// the outcome the issue requires of the ingest. The runner gives it an enterprise of its own.

import type { Children } from "../../../scripts/demo/children.js";
import type { Api } from "../../../scripts/demo/ingest.js";
import type { ForgedGateway } from "../forger/gateway.js";
import type { Registry } from "../registry.js";

export interface Peers {
  /** The honest enterprise run by the real agent, and its gateway. */
  readonly agentEnt: string;
  readonly agentGw: string;
  /** The honest enterprise streamed by the forger's honest code path. */
  readonly syntheticEnt: string;
}

export interface ScenarioContext {
  readonly api: Api;
  readonly ent: string;
  readonly peers: Peers;
  readonly registry: Registry;
  readonly children: Children;
  readonly dataDir: string;
  /** Run length in ms, so a scenario can pace itself (e.g. when to swap identities). */
  readonly runMs: number;
  /**
   * When the judged period starts (every scenario running): starting 19 scenarios takes minutes
   * on a loaded machine, so a scenario whose forgery must land inside the judged period paces
   * itself from this, not from its own start.
   */
  readonly judgedFrom: Promise<number>;
  /** Simulated seconds per real second of the honest plant's simulators (1 but in the short run). */
  readonly plantSpeed: number;
  /** How far behind the source the copiers play their copy (90 s but in the short run). */
  readonly copyShiftMs: number;
  /** Enrolls a forged gateway in this scenario's enterprise (or in `ent`, one it created). */
  enroll(gw?: string, ent?: string): Promise<ForgedGateway>;
  note(text: string): void;
}

export interface Running {
  stop(): Promise<void>;
}

/**
 * `codes`: flag-code patterns (`*` matches any run of characters); each subject device must carry
 * a failure flag matching one of them. Empty only where the remedy is "does not count"
 * rather than a flag (bad-quality-only samples, births without data): then being out of the
 * verified rates and below `consistent` is the whole requirement.
 */
export type Expectation =
  | { readonly kind: "honest" }
  | {
      readonly kind: "fraud";
      readonly subjects: readonly string[];
      readonly codes: readonly string[];
      /** The subjects must stand in the verified networking rate's denominator (declared, unannounced equipment). */
      readonly counted?: boolean;
    };

export interface Scenario {
  readonly name: string;
  readonly class: string;
  readonly forges: string;
  readonly expected: Expectation;
  start(ctx: ScenarioContext): Promise<Running>;
}
