import { render, screen, within, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import SsoTab from "./SsoTab.svelte";
import { fakeBackend } from "../../test/fake-backend";
import {
  BACKEND_CONTEXT_KEY,
  BackendError,
  type Backend,
  type SsoEdit,
  type SsoField,
  type SsoSettings,
} from "../../lib/backend";

const APP_ID = "5f0000000002000000000000";

function field(overrides: Partial<SsoField> & { key: string; label: string }): SsoField {
  return {
    kind: { type: "text" },
    required: false,
    readOnly: false,
    visible: true,
    position: 0,
    value: "",
    issue: null,
    certificate: null,
    ...overrides,
  };
}

function settings(fields: SsoField[], overrides: Partial<SsoSettings> = {}): SsoSettings {
  return {
    application: {
      id: APP_ID,
      name: "slack",
      displayLabel: "Slack",
      description: null,
      ssoType: "saml",
      ssoJit: true,
      logoUrl: null,
    },
    fields,
    ssoUrl: "https://sso.jumpcloud.com/saml2/slack",
    active: true,
    certificate: {
      present: true,
      subject: "CN=JumpCloud",
      expiresAt: 1_800_000_000,
      daysLeft: 5,
      band: "within7Days",
      problem: null,
    },
    hasChanges: false,
    ...overrides,
  };
}

const standard = [
  field({ key: "acsUrl", label: "ACS URL", kind: { type: "url" }, required: true, position: 2 }),
  field({ key: "spEntityId", label: "SP Entity ID", kind: { type: "entityId" }, position: 1 }),
  field({ key: "idpEntityId", label: "IdP Entity ID", readOnly: true, position: 3, value: "jc" }),
  field({ key: "hidden", label: "Hidden thing", visible: false, position: 4 }),
  field({
    key: "signAssertion",
    label: "Sign assertion",
    kind: { type: "boolean" },
    value: true,
    position: 5,
  }),
  field({
    key: "nameIdFormat",
    label: "NameID format",
    kind: { type: "choice", options: ["email", "persistent"] },
    value: "email",
    position: 6,
  }),
];

function mount(methods: Partial<Backend>) {
  const backend = fakeBackend({ openSsoSettings: async () => settings(standard), ...methods });
  render(SsoTab, {
    props: { applicationId: APP_ID },
    context: new Map([[BACKEND_CONTEXT_KEY, backend]]),
  });
  return backend;
}

describe("Single sign-on tab", () => {
  it("renders the visible fields in position order by kind, the IdP URL and the certificate", async () => {
    mount({});
    const form = await screen.findByRole("form", { name: "SSO settings" });
    const labels = within(form)
      .getAllByText(/ACS URL|SP Entity ID|IdP Entity ID|Sign assertion|NameID format/)
      .map((el) => el.textContent?.replace(/\s*\(required\)|\s*\*/, "").trim());
    expect(labels).toEqual([
      "SP Entity ID",
      "ACS URL",
      "IdP Entity ID",
      "Sign assertion",
      "NameID format",
    ]);
    expect(screen.queryByLabelText("Hidden thing")).not.toBeInTheDocument();
    expect(screen.getByRole("switch", { name: "Sign assertion" })).toBeChecked();
    expect(screen.getByRole("combobox", { name: "NameID format" })).toHaveValue("email");
    expect(screen.getByLabelText("IdP URL")).toHaveValue("https://sso.jumpcloud.com/saml2/slack");
    expect(
      screen.getByText("Fixed by JumpCloud when the application was created; it cannot change."),
    ).toBeInTheDocument();
    expect(screen.getByText("Expires within 7 days")).toBeInTheDocument();
    expect(screen.getByText("5 days")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Copy metadata URL" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Save metadata…" })).toBeInTheDocument();
  });

  it("shows a read-only field as read-only, with a note", async () => {
    mount({});
    const input = await screen.findByLabelText("IdP Entity ID");
    expect(input).toHaveAttribute("readonly");
    expect(input).toHaveAccessibleDescription(/read-only/);
  });

  it("keeps a typed invalid value with its issue next to the field", async () => {
    const edits: SsoEdit[] = [];
    mount({
      editSsoSetting: async (_id, edit) => {
        edits.push(edit);
        return settings(
          standard.map((f) =>
            f.key === edit.key ? { ...f, value: edit.value, issue: "Enter an https:// URL." } : f,
          ),
        );
      },
    });
    const user = userEvent.setup();
    const acs = await screen.findByRole("textbox", { name: /ACS URL/ });
    await user.type(acs, "ftp://nope");
    await user.tab();
    await waitFor(() => expect(edits).toEqual([{ key: "acsUrl", value: "ftp://nope" }]));
    expect(acs).toHaveValue("ftp://nope");
    expect(acs).toHaveAccessibleDescription("Enter an https:// URL.");
    expect(acs).toHaveAttribute("aria-invalid", "true");
  });

  it("keeps what is typed while an earlier edit of the same field is on its way", async () => {
    let answer: () => void = () => {};
    mount({
      editSsoSetting: (_id, edit) =>
        new Promise((resolve) => {
          answer = () =>
            resolve(
              settings(
                standard.map((f) =>
                  f.key === edit.key ? { ...f, value: edit.value, issue: "Checked." } : f,
                ),
              ),
            );
        }),
    });
    const user = userEvent.setup();
    const input = await screen.findByRole("textbox", { name: "SP Entity ID" });
    await user.type(input, "urn:a");
    await user.tab();
    await user.type(input, "bc");
    answer();
    // The answer is in once its issue shows; what was typed since is still in the field.
    expect(await screen.findByText("Checked.")).toBeInTheDocument();
    expect(input).toHaveValue("urn:abc");
  });

  it("keeps what was typed when the edit is refused, and says why", async () => {
    mount({
      editSsoSetting: async () => {
        throw new BackendError({
          code: "Invalid",
          detail: { message: "No such field here.", field: "spEntityId" },
        });
      },
    });
    const user = userEvent.setup();
    const input = await screen.findByRole("textbox", { name: "SP Entity ID" });
    await user.type(input, "urn:sp");
    await user.tab();
    expect(await screen.findByText("No such field here.")).toBeInTheDocument();
    expect(input).toHaveValue("urn:sp");
  });

  it("shows a metadata import's refusal and keeps the pasted XML", async () => {
    mount({
      importSpMetadata: async () => {
        throw new BackendError({
          code: "Invalid",
          detail: { message: "The file is not SAML metadata.", field: "metadata" },
        });
      },
    });
    const user = userEvent.setup();
    const paste = await screen.findByLabelText("Paste XML");
    await user.type(paste, "<not-metadata/>");
    await user.click(screen.getByRole("button", { name: "Import" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("The file is not SAML metadata.");
    expect(paste).toHaveValue("<not-metadata/>");
    expect(screen.getByLabelText("Import SP metadata")).toHaveAttribute("type", "file");
  });

  it("imports a metadata file read in the browser and lists what was skipped", async () => {
    let got = "";
    mount({
      importSpMetadata: async (_id, xml) => {
        got = xml;
        return {
          metadata: {
            entityId: "urn:sp",
            acsUrl: "https://sp.example/acs",
            signingCertificate: null,
            signingCertificateInfo: null,
            nameIdFormats: [],
          },
          settings: settings(standard),
          review: {
            changes: [
              {
                path: ["config", "acsUrl", "value"],
                label: "ACS URL",
                before: "",
                after: "https://sp.example/acs",
              },
            ],
            issues: [],
            canSave: true,
          },
          skipped: ["nameIdFormat"],
        } as never;
      },
    });
    const user = userEvent.setup();
    const input = await screen.findByLabelText("Import SP metadata");
    await user.upload(input, new File(["<md:EntityDescriptor/>"], "sp.xml", { type: "text/xml" }));
    await waitFor(() => expect(got).toBe("<md:EntityDescriptor/>"));
    expect(await screen.findByRole("list", { name: "Skipped fields" })).toHaveTextContent(
      "nameIdFormat",
    );
    expect(screen.getByRole("list", { name: "Changes from the metadata" })).toHaveTextContent(
      "ACS URL: (empty) → https://sp.example/acs",
    );
  });

  it("reviews the changes and saves, naming what JumpCloud stored differently", async () => {
    const saveSsoSettings = vi.fn(async () => ({
      outcome: "saved" as const,
      settings: settings(standard),
      differences: [
        {
          path: ["config", "acsUrl", "value"],
          label: "ACS URL",
          before: "https://a/",
          after: "https://a",
        },
      ],
    }));
    mount({
      reviewSsoChanges: async () => ({
        changes: [
          {
            path: ["config", "acsUrl", "value"],
            label: "ACS URL",
            before: "",
            after: "https://a/",
          },
        ],
        issues: [],
        canSave: true,
      }),
      saveSsoSettings,
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Review changes" }));
    const dialog = await screen.findByRole("dialog", { name: "Review changes" });
    const table = within(dialog).getByRole("table", { name: "Fields that change" });
    expect(within(table).getByRole("rowheader", { name: "ACS URL" })).toBeInTheDocument();
    expect(table).not.toHaveTextContent("config.acsUrl.value");
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(
      await screen.findByText(/^Saved\. JumpCloud stored 1 field\(s\) differently/),
    ).toBeInTheDocument();
    expect(screen.getByRole("list", { name: "Fields stored differently" })).toHaveTextContent(
      "ACS URL: sent https://a/, stored https://a",
    );
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(saveSsoSettings).toHaveBeenCalledOnce();
  });

  it("shows both sides of a conflicting save, takes a choice per field and reviews again", async () => {
    const path = ["config", "acsUrl", "value"];
    const resolved: unknown[] = [];
    let reviews = 0;
    mount({
      reviewSsoChanges: async () => {
        reviews += 1;
        return { changes: [], issues: [], canSave: true };
      },
      saveSsoSettings: async () => ({
        outcome: "conflict" as const,
        settings: settings(standard),
        conflicts: [
          { path, label: "ACS URL", base: "https://old", mine: "https://mine", theirs: null },
        ],
      }),
      resolveSsoConflicts: async (_id, choices) => {
        resolved.push(choices);
        return settings(standard);
      },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Review changes" }));
    await user.click(await screen.findByRole("button", { name: "Save" }));
    const conflict = await screen.findByRole("dialog", {
      name: "Someone else changed this application",
    });
    const field = within(conflict).getByRole("group", { name: "ACS URL" });
    expect(field).toHaveTextContent("https://mine");
    expect(field).toHaveTextContent("https://old");
    expect(field).toHaveTextContent("(absent)");
    await user.click(within(field).getByRole("radio", { name: "Keep mine" }));
    await user.click(within(conflict).getByRole("button", { name: "Apply choices and review" }));
    expect(resolved).toEqual([[{ path, choice: "keepMine" }]]);
    expect(await screen.findByRole("dialog", { name: "Review changes" })).toBeInTheDocument();
    expect(reviews).toBe(2);
  });

  it("offers to set a damaged draft aside instead of blocking the tab", async () => {
    let setAside = 0;
    mount({
      openSsoSettings: async () => {
        throw new BackendError({
          code: "Damaged",
          detail: { message: "the file x.sso.json is damaged", path: "/p/x.sso.json" },
        });
      },
      setAsideDamagedSsoDraft: async () => {
        setAside += 1;
        return settings(standard);
      },
    });
    const user = userEvent.setup();
    expect(await screen.findByText(/x\.sso\.json is damaged/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Discard damaged draft" }));
    await waitFor(() => expect(setAside).toBe(1));
    expect(await screen.findByRole("form", { name: "SSO settings" })).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("kept aside");
  });

  it("saves the IdP metadata where the admin picks, and says where it went", async () => {
    const saveIdpMetadata = vi.fn(async () => ({
      path: "exports/slack-idp-metadata.xml",
      note: null,
    }));
    mount({ saveIdpMetadata });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Save metadata…" }));
    expect(
      await screen.findByText(/saved to exports\/slack-idp-metadata\.xml/),
    ).toBeInTheDocument();
    expect(saveIdpMetadata).toHaveBeenCalledWith(APP_ID);
  });

  it("says so when the metadata saved was built locally because JumpCloud refused it", async () => {
    const builtLocally =
      "JumpCloud refused the metadata (HTTP 403), so it was built locally from the IdP entity ID, the SSO URL and the IdP certificate.";
    mount({
      saveIdpMetadata: async () => ({ path: "exports/slack-idp-metadata.xml", note: builtLocally }),
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Save metadata…" }));
    expect(await screen.findByText(/saved to .*built locally/)).toBeInTheDocument();
  });

  it("shows the metadata URL to copy by hand when the clipboard refuses", async () => {
    mount({ idpMetadataUrl: async () => "https://sso.jumpcloud.com/saml2/slack/metadata" });
    const user = userEvent.setup();
    // After setup, which installs its own clipboard.
    Object.defineProperty(navigator, "clipboard", {
      configurable: true,
      value: { writeText: vi.fn(async () => Promise.reject(new Error("denied"))) },
    });
    await user.click(await screen.findByRole("button", { name: "Copy metadata URL" }));
    expect(await screen.findByLabelText("Metadata URL (copy it from here)")).toHaveValue(
      "https://sso.jumpcloud.com/saml2/slack/metadata",
    );
  });
});
