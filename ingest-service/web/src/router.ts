import { useEffect, useState } from "preact/hooks";

/**
 * Hash routes, so the server needs one page only and a reload keeps the place:
 * `#/login`, `#/bureau`, `#/e/{ent}`, `#/e/{ent}/g/{gw}`, `#/e/{ent}/d/{gw}/{dev}`,
 * `#/e/{ent}/digital-level` (the SME digital level questionnaire).
 */
export type Route =
  | { page: "login" }
  | { page: "bureau" }
  | { page: "enterprise"; ent: string }
  | { page: "gateway"; ent: string; gw: string }
  | { page: "device"; ent: string; gw: string; dev: string }
  | { page: "questionnaire"; ent: string }
  | { page: "home" };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
  const [head, ent, kind, a, b] = parts;
  if (head === "login") return { page: "login" };
  if (head === "bureau") return { page: "bureau" };
  if (head === "e" && ent !== undefined) {
    if (kind === "g" && a !== undefined) return { page: "gateway", ent, gw: a };
    if (kind === "d" && a !== undefined && b !== undefined) return { page: "device", ent, gw: a, dev: b };
    if (kind === "digital-level") return { page: "questionnaire", ent };
    return { page: "enterprise", ent };
  }
  return { page: "home" };
}

export const href = {
  login: () => "#/login",
  bureau: () => "#/bureau",
  enterprise: (ent: string) => `#/e/${encodeURIComponent(ent)}`,
  gateway: (ent: string, gw: string) => `#/e/${encodeURIComponent(ent)}/g/${encodeURIComponent(gw)}`,
  questionnaire: (ent: string) => `#/e/${encodeURIComponent(ent)}/digital-level`,
  device: (ent: string, gw: string, dev: string) =>
    `#/e/${encodeURIComponent(ent)}/d/${encodeURIComponent(gw)}/${encodeURIComponent(dev)}`,
};

export function navigate(to: string): void {
  window.location.hash = to;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return route;
}
