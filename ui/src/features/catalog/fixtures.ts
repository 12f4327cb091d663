// Sample data for the catalog's component tests, shaped like the Rust side's answers.
import type {
  CatalogEntry,
  CatalogRow,
  NewApplicationCheck,
  NewApplicationIssues,
  TemplateDetails,
} from "../../lib/backend";

export function entry(over: Partial<CatalogEntry> = {}): CatalogEntry {
  return {
    id: "t-zoom",
    name: "zoom",
    displayName: "Zoom",
    keywords: ["video"],
    supportsSso: true,
    supportsJit: true,
    supportsScim: false,
    beta: false,
    status: "active",
    logoUrl: "/logos/zoom.png",
    color: "#202D38",
    ...over,
  };
}

export function match(over: Partial<CatalogRow> = {}): CatalogRow {
  return {
    id: "t-zoom",
    displayName: "Zoom",
    supportsSso: true,
    supportsJit: true,
    supportsScim: false,
    beta: false,
    endOfLife: false,
    logoUrl: "/logos/zoom.png",
    color: "#202D38",
    ...over,
  };
}

export const zoomDetails: TemplateDetails = {
  templateId: "t-zoom",
  entry: entry(),
  fields: [
    {
      key: "acsUrl",
      label: "ACS URL",
      kind: "url",
      required: true,
      readOnly: false,
      visible: true,
      position: 1,
      url: true,
      value: "https://zoom.example.com/saml/acs",
    },
    {
      key: "spEntityId",
      label: "SP Entity ID",
      kind: "text",
      required: true,
      readOnly: false,
      visible: true,
      position: 2,
      url: false,
      value: "https://zoom.example.com",
    },
  ],
  rows: {
    rows: [
      {
        spName: "email",
        source: { kind: "property", value: "email" },
        jitRequired: true,
        on: true,
        origin: null,
      },
      {
        spName: "department",
        source: { kind: "property", value: "department" },
        jitRequired: true,
        on: true,
        origin: null,
      },
    ],
    unread: [],
    missing: [],
  },
  requirements: [
    { spName: "email", defaultProperty: "email" },
    { spName: "department", defaultProperty: "department" },
  ],
  customConnector: false,
  properties: [
    { name: "email", label: "Email" },
    { name: "department", label: "Department" },
  ],
};

export const noIssues: NewApplicationIssues = { general: [], sso: [], attributes: [] };

export function checked(issues: Partial<NewApplicationIssues> = {}): NewApplicationCheck {
  const all = { ...noIssues, ...issues };
  return {
    issues: all,
    blocksCreate:
      all.general.length > 0 ||
      all.sso.length > 0 ||
      all.attributes.some((i) => i.severity === "error"),
    review: [
      { path: ["displayLabel"], label: "Display label", before: null, after: "Zoom (Sales)" },
    ],
    body: { name: "zoom", displayLabel: "Zoom (Sales)" },
  };
}
