// The one door to the Rust side. Features call a `Backend`; only this folder imports the generated
// bindings or @tauri-apps/*, so every feature can be tested with a fake backend. Each area keeps
// its calls in its own file; `Backend` is their union.
import { getContext, setContext } from "svelte";
import { appBackend, type AppBackend } from "./app";
import { connectionsBackend, type ConnectionsBackend } from "./connections";
import { applicationsBackend, type ApplicationsBackend } from "./applications";
import { groupsBackend, type GroupsBackend } from "./groups";
import { catalogBackend, type CatalogBackend } from "./catalog";
import { attributesBackend, type AttributesBackend } from "./attributes";
import { readinessBackend, type ReadinessBackend } from "./readiness";
import { ssoBackend, type SsoBackend } from "./sso";
import { certificatesBackend, type CertificatesBackend } from "./certificates";
import { overviewBackend, type OverviewBackend } from "./overview";
import { lastPageBackend, type LastPageBackend } from "./last_page";
import { debuggerBackend, type DebuggerBackend } from "./debugger";
import { snapshotsBackend, type SnapshotsBackend } from "./snapshots";
import { organisationsBackend, type OrganisationsBackend } from "./organisations";
import { historyBackend, type HistoryBackend } from "./history";

export type * from "../bindings";
export { BackendError, errorMessage } from "./result";
export { logoSrc } from "./logos";

export type Backend = AppBackend &
  ConnectionsBackend &
  ApplicationsBackend &
  GroupsBackend &
  CatalogBackend &
  AttributesBackend &
  ReadinessBackend &
  SsoBackend &
  CertificatesBackend &
  OverviewBackend &
  LastPageBackend &
  DebuggerBackend &
  SnapshotsBackend &
  OrganisationsBackend &
  HistoryBackend;

export const tauriBackend: Backend = {
  ...appBackend,
  ...connectionsBackend,
  ...applicationsBackend,
  ...groupsBackend,
  ...catalogBackend,
  ...attributesBackend,
  ...readinessBackend,
  ...ssoBackend,
  ...certificatesBackend,
  ...overviewBackend,
  ...lastPageBackend,
  ...debuggerBackend,
  ...snapshotsBackend,
  ...organisationsBackend,
  ...historyBackend,
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
