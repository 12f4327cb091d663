// The catalog area's calls to the Rust side: search the catalog, show a connector, check and
// create a new application.
import { Channel } from "@tauri-apps/api/core";
import {
  commands,
  type CreatedApplication,
  type AttributeEdit,
  type AttributeRows,
  type CatalogFilter,
  type CatalogLoadProgress,
  type CatalogRow,
  type CatalogStatus,
  type CheckedRows,
  type NewApplication,
  type NewApplicationCheck,
  type TemplateDetails,
} from "../bindings";
import { unwrap } from "./result";

export interface CatalogBackend {
  /** Makes the catalog searchable; the first load of a connection reports its pages. */
  loadCatalog(onProgress: (progress: CatalogLoadProgress) => void): Promise<CatalogStatus>;
  searchCatalog(query: string, filter: CatalogFilter, limit: number): Promise<CatalogRow[]>;
  templateDetails(templateId: string): Promise<TemplateDetails>;
  editNewApplicationRows(
    rows: AttributeRows,
    edit: AttributeEdit,
    customConnector: boolean,
  ): Promise<CheckedRows>;
  checkNewApplication(form: NewApplication): Promise<NewApplicationCheck>;
  /** Creates at most one application per `workflowId`. */
  createApplication(workflowId: string, form: NewApplication): Promise<CreatedApplication>;
}

export const catalogBackend: CatalogBackend = {
  loadCatalog: (onProgress) => {
    const channel = new Channel<CatalogLoadProgress>();
    channel.onmessage = onProgress;
    return unwrap(commands.loadCatalog(channel));
  },
  searchCatalog: (query, filter, limit) => unwrap(commands.searchCatalog(query, filter, limit)),
  templateDetails: (templateId) => unwrap(commands.templateDetails(templateId)),
  editNewApplicationRows: (rows, edit, customConnector) =>
    unwrap(commands.editNewApplicationRows(rows, edit, customConnector)),
  checkNewApplication: (form) => unwrap(commands.checkNewApplication(form)),
  createApplication: (workflowId, form) => unwrap(commands.createApplication(workflowId, form)),
};
