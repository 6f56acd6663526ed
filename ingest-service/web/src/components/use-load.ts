import { useCallback, useEffect, useState } from "preact/hooks";
import { ApiFailure } from "../api/client.js";

export type Loaded<T> =
  | { status: "loading" }
  | { status: "ok"; value: T }
  | { status: "error"; httpStatus: number; code: string };

/** Runs `load` whenever `deps` change; `reload` runs it again. Stale answers are dropped. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): [Loaded<T>, () => void] {
  const [state, setState] = useState<Loaded<T>>({ status: "loading" });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    load().then(
      (value) => current && setState({ status: "ok", value }),
      (error: unknown) =>
        current &&
        setState({
          status: "error",
          httpStatus: error instanceof ApiFailure ? error.status : 0,
          code: error instanceof ApiFailure ? error.code : "ONRAMP_NETWORK",
        }),
    );
    return () => {
      current = false;
    };
  }, [...deps, round]);
  return [state, useCallback(() => setRound((r) => r + 1), [])];
}
