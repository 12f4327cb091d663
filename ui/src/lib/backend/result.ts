// Turns tauri-specta's `{status, data | error}` results into values or a thrown BackendError.
import type { AppError } from "../bindings";

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

export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  const result = await call;
  if (result.status === "error") throw new BackendError(result.error);
  return result.data;
}

/** A message for any error a feature caught, for display. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
