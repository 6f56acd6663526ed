// Registry declarations the suite makes through the API: key-process and CNC flags (exist today),
// equipment the enterprise declares without any gateway announcing it, and physical relations
// (meter feeds machine), through the API that issue 14 landed (ingest-service/README.md, registry
// API: `PUT /enterprises/{ent}/equipment/{dev}`, `POST /enterprises/{ent}/relations`). Every
// call's outcome is recorded and shown beside the table: a refused declaration is a finding, never
// a silent skip.
import type { Api } from "../../scripts/demo/ingest.js";

export interface Declaration {
  readonly ent: string;
  readonly what: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** The body of `PUT /enterprises/{ent}/equipment/{dev}`, plus the device id of the path. */
export interface DeclaredEquipment {
  readonly id: string;
  readonly name: string;
  readonly class: string;
  readonly keyProcess: boolean;
  readonly digital: boolean;
  readonly networked: boolean;
  readonly cnc: boolean;
}

/** `POST /enterprises/{ent}/relations`: device ids of the enterprise, both announced by a gateway. */
export interface Relation {
  readonly kind: "feeds" | "runs";
  readonly from: string;
  readonly to: string;
}

export class Registry {
  readonly declarations: Declaration[] = [];
  readonly #api: Api;

  constructor(api: Api) {
    this.#api = api;
  }

  async #call(ent: string, what: string, method: string, path: string, body: unknown): Promise<boolean> {
    try {
      await this.#api.call(method, path, body);
      this.declarations.push({ ent, what, ok: true, detail: `${method} ${path}` });
      return true;
    } catch (error) {
      this.declarations.push({ ent, what, ok: false, detail: (error as Error).message.slice(0, 300) });
      return false;
    }
  }

  /** INDICATORS §1: key-process and numerically-controlled declarations of a registered device. */
  declareKeyProcess(ent: string, gw: string, dev: string, cnc: boolean) {
    return this.#call(
      ent,
      `key-process ${dev}`,
      "PATCH",
      `/enterprises/${ent}/gateways/${gw}/devices/${dev}`,
      {
        keyProcess: true,
        cnc,
      },
    );
  }

  /** Equipment declared by the enterprise (questionnaire or API), whether or not a gateway announces it. */
  declareEquipment(ent: string, { id, ...equipment }: DeclaredEquipment) {
    return this.#call(ent, `equipment ${id}`, "PUT", `/enterprises/${ent}/equipment/${id}`, equipment);
  }

  declareRelation(ent: string, relation: Relation) {
    return this.#call(
      ent,
      `relation ${relation.from} ${relation.kind} ${relation.to}`,
      "POST",
      `/enterprises/${ent}/relations`,
      relation,
    );
  }
}
