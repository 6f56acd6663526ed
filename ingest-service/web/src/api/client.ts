import type { ApiError } from "./types.js";

/** Where the token is kept: sessionStorage, so it ends with the browser tab and never hits a URL. */
const TOKEN_KEY = "onramp.token";

export const storedToken = (): string | null => sessionStorage.getItem(TOKEN_KEY);
export const storeToken = (token: string): void => sessionStorage.setItem(TOKEN_KEY, token);
export const forgetToken = (): void => sessionStorage.removeItem(TOKEN_KEY);

/** A refused or failed call, with the API's stable code and the HTTP status. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function call(method: string, path: string, body?: unknown): Promise<Response> {
  const token = storedToken();
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (!response.ok) {
    const error = (await response.json().catch(() => ({}))) as Partial<ApiError>;
    throw new ApiFailure(response.status, error.code ?? "ONRAMP_HTTP", error.message ?? response.statusText);
  }
  return response;
}

export async function apiGet<T>(path: string): Promise<T> {
  return (await call("GET", path)).json() as Promise<T>;
}

export async function apiSend<T>(method: "POST" | "PATCH" | "PUT", path: string, body?: unknown): Promise<T> {
  const response = await call(method, path, body ?? {});
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** Downloads an authenticated GET as a file (the bearer header rules out a plain link). */
export async function apiDownload(path: string, filename: string): Promise<void> {
  const blob = await (await call("GET", path)).blob();
  saveBlob(blob, filename);
}

export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** `encodeURIComponent` for each path segment. */
export const seg = (...parts: string[]): string => parts.map(encodeURIComponent).join("/");
