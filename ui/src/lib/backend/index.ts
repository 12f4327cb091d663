// The one door to the Rust side. Features call a `Backend`; only this folder imports the generated
// bindings or @tauri-apps/*, so every feature can be tested with a fake backend.
import { getContext, setContext } from "svelte";
import { commands, type AppError, type AppStatus } from "../bindings";

export type { AppError, AppStatus, ActiveConnection, ConnectionKind } from "../bindings";

/** An error from the backend, carrying the tagged `AppError` so the UI can switch on its code. */
export class BackendError extends Error {
  readonly error: AppError;
  constructor(error: AppError) {
    super(describe(error));
    this.name = "BackendError";
    this.error = error;
  }
  get code(): AppError["code"] {
    return this.error.code;
  }
}

function describe(error: AppError): string {
  const detail = (error as { detail?: unknown }).detail;
  if (detail && typeof detail === "object" && "message" in detail) {
    return String((detail as { message: unknown }).message);
  }
  return error.code;
}

type Result<T> = { status: "ok"; data: T } | { status: "error"; error: AppError };

async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  const result = await call;
  if (result.status === "error") throw new BackendError(result.error);
  return result.data;
}

export interface Backend {
  appStatus(): Promise<AppStatus>;
}

export const tauriBackend: Backend = {
  appStatus: () => unwrap(commands.appStatus()),
};

const KEY = Symbol("backend");

export function provideBackend(backend: Backend): void {
  setContext(KEY, backend);
}

export function useBackend(): Backend {
  const backend = getContext<Backend | undefined>(KEY);
  if (!backend) throw new Error("no backend provided: render inside <App> or pass one in context");
  return backend;
}

export const BACKEND_CONTEXT_KEY = KEY;
