// What a failed connection check means to the admin, per error code.
import { BackendError } from "../../lib/backend";

export interface ShownError {
  /** One line in the admin's words, chosen by the error's code. */
  headline: string;
  /** The backend's own message, with JumpCloud's words when it sent any. */
  detail: string;
  /** The form field to blame, if any. */
  field?: string;
}

export function explainConnectionError(err: unknown, onRegion: boolean): ShownError {
  if (!(err instanceof BackendError)) {
    return { headline: "Something went wrong.", detail: String(err) };
  }
  const detail = err.message;
  const e = err.error;
  switch (e.code) {
    case "Unauthorized":
      return {
        headline: onRegion
          ? "JumpCloud rejected the key (401). If the organisation lives in another region, choose that region: each region's host accepts only its own organisations' keys."
          : "JumpCloud rejected the key (401). Check the key.",
        detail,
        field: "key",
      };
    case "Forbidden":
      return {
        headline: "These credentials may not act on this organisation (403).",
        detail,
        field: "orgId",
      };
    case "NotFound":
      return {
        headline: "JumpCloud knows no organisation with this id (404).",
        detail,
        field: "orgId",
      };
    case "Unreachable":
      return {
        headline: "The host could not be reached. Check the address and your network, then retry.",
        detail,
      };
    case "Keyring":
      return { headline: "The keyring could not be used.", detail };
    case "Invalid": {
      const field = e.detail.field ?? undefined;
      if (field === "orgId") {
        return {
          headline: "The organisation id is malformed (400): JumpCloud's ids are 24 hex digits.",
          detail,
          field,
        };
      }
      if (field === "url") {
        return { headline: "This address cannot be used.", detail, field };
      }
      return { headline: "Check the form.", detail, field };
    }
    case "RateLimited":
      return { headline: "JumpCloud asked to slow down; retry in a moment.", detail };
    case "Server":
      return { headline: "JumpCloud failed to answer properly; retry later.", detail };
    default:
      return { headline: "The connection failed.", detail };
  }
}
