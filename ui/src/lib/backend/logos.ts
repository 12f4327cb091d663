// Connector logos come through the app's own `logo://` protocol: the backend fetches each once by
// strict rules, keeps it, and serves it; the page never loads an image from the network itself.
import { convertFileSrc } from "@tauri-apps/api/core";

/**
 * The address the page loads `logoUrl` (a template's or application's `logo.url`) from, or null
 * when there is none or no app to serve it (a test DOM, a plain browser).
 */
export function logoSrc(logoUrl: string | null | undefined): string | null {
  if (!logoUrl || typeof window === "undefined" || !("__TAURI_INTERNALS__" in window)) return null;
  return convertFileSrc(logoUrl, "logo");
}
