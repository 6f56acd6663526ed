import { type Document, isAlias, isMap, isScalar, isSeq, type LineCounter, type Pair } from "yaml";
import type { PathSegment } from "./profile-error.js";

export interface SourcePosition {
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
}

/**
 * Finds where a value sits in the YAML text, so that an error found on the parsed data (a zod
 * issue path) can name the line a person has to edit.
 */
export interface DocumentLocator {
  readonly file: string;
  /**
   * Position of the value at `path`; with `key: true`, of the key that introduces it (the right
   * place for "unknown key"). A path that leaves the document (a missing key) stops at the
   * nearest existing ancestor.
   */
  position(path: readonly PathSegment[], options?: { key?: boolean }): SourcePosition;
  /** Whether the document spells out every segment of `path`. */
  has(path: readonly PathSegment[]): boolean;
}

type Walk = { offset: number; isComplete: boolean };

export function createLocator(file: string, doc: Document.Parsed, lines: LineCounter): DocumentLocator {
  const walk = (path: readonly PathSegment[], atKey: boolean): Walk => {
    let node: unknown = doc.contents;
    let offset = startOf(node) ?? 0;
    for (const [i, segment] of path.entries()) {
      // An alias (`*anchor`) stands for the anchored node: follow it so paths through it resolve.
      if (isAlias(node)) node = node.resolve(doc);
      let next: unknown;
      let nextOffset: number | undefined;
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
        if (pair === undefined) return { offset, isComplete: false };
        next = pair.value;
        const isLast = i === path.length - 1;
        // An empty value (`key:`) has no useful position of its own: point at the key.
        nextOffset = (isLast && atKey) || next === null ? keyStart(pair) : (startOf(next) ?? keyStart(pair));
      } else if (isSeq(node) && typeof segment === "number") {
        next = node.items[segment];
        if (next === undefined) return { offset, isComplete: false };
        nextOffset = startOf(next);
      } else {
        return { offset, isComplete: false };
      }
      node = next;
      offset = nextOffset ?? offset;
    }
    return { offset, isComplete: true };
  };
  return {
    file,
    position(path, options) {
      const { line, col } = lines.linePos(walk(path, options?.key ?? false).offset);
      return { line, column: col };
    },
    has: (path) => walk(path, false).isComplete,
  };
}

function startOf(node: unknown): number | undefined {
  if (typeof node !== "object" || node === null || !("range" in node)) return undefined;
  const range = (node as { range?: readonly number[] | null }).range;
  return range?.[0];
}

function keyStart(pair: Pair): number | undefined {
  return startOf(pair.key);
}
