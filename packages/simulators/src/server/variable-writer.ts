import { DataType, StatusCodes, type UAVariable, VariantArrayType } from "node-opcua";

const OUT_OF_SERVICE = "\u0000out-of-service";

/**
 * Pushes values into address-space variables, only when they change: a subscription then sees
 * a notification per real change, stamped with the time the simulator observed it.
 */
export class VariableWriter {
  readonly #last = new Map<UAVariable, string>();

  set(node: UAVariable, dataType: DataType, value: unknown, at: Date): void {
    const key = JSON.stringify(value);
    if (this.#last.get(node) === key) return;
    this.#last.set(node, key);
    // node-opcua carries 64-bit integers as [high, low] pairs: say it is one scalar, not an array.
    const is64 = dataType === DataType.UInt64 || dataType === DataType.Int64;
    node.setValueFromSource(
      { dataType, value, ...(is64 ? { arrayType: VariantArrayType.Scalar } : {}) },
      StatusCodes.Good,
      at,
    );
  }

  /** The device cannot deliver the value now (powered off): Bad_OutOfService, OPC 10000-4 §7.39. */
  setOutOfService(node: UAVariable, at: Date): void {
    if (this.#last.get(node) === OUT_OF_SERVICE) return;
    this.#last.set(node, OUT_OF_SERVICE);
    node.setValueFromSource({ dataType: DataType.Null }, StatusCodes.BadOutOfService, at);
  }
}

/** The variable at a browse-name path below `root` (names only: instances here are built by us). */
export function variableAt(root: { getChildByName(name: string): unknown }, path: string): UAVariable {
  let node: unknown = root;
  for (const name of path.split("/")) {
    const child = (node as { getChildByName(n: string): unknown } | null)?.getChildByName(name);
    if (!child) throw new Error(`simulator model has no "${path}" (missing "${name}")`);
    node = child;
  }
  return node as UAVariable;
}
