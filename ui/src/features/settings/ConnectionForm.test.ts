import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import ConnectionForm from "./ConnectionForm.svelte";
import { fakeBackend } from "../../test/fake-backend";
import {
  BACKEND_CONTEXT_KEY,
  BackendError,
  type AppError,
  type Backend,
  type ConnectionCheck,
  type ConnectionDraft,
  type ConnectionList,
  type ConnectionView,
} from "../../lib/backend";

const emptyList: ConnectionList = { connections: [], activeId: "sandbox", problem: null };

function renderForm(backend: Backend, existing?: ConnectionView) {
  const onsaved = vi.fn();
  const oncancel = vi.fn();
  render(ConnectionForm, {
    props: { existing, onsaved, oncancel },
    context: new Map([[BACKEND_CONTEXT_KEY, backend]]),
  });
  return { onsaved, oncancel };
}

async function fillCustom(user: ReturnType<typeof userEvent.setup>, url: string, key: string) {
  await user.type(screen.getByLabelText("Name"), "Remote org");
  await user.click(screen.getByLabelText("Custom address"));
  await user.type(screen.getByLabelText("Address"), url);
  await user.type(screen.getByLabelText("API key"), key);
}

/** Fills the form, presses "Test connection" with the check answering `found`; the status. */
async function testedAs(found: ConnectionCheck) {
  const user = userEvent.setup();
  const testConnection = vi.fn(async () => found);
  renderForm(fakeBackend({ testConnection }));
  await fillCustom(user, "http://127.0.0.1:9000", "the-key");
  await user.click(screen.getByRole("button", { name: "Test connection" }));
  return { status: await screen.findByRole("status"), testConnection };
}

function failing(error: AppError) {
  return async () => {
    throw new BackendError(error);
  };
}

describe("the connection form", () => {
  it("refuses an incomplete form, says what is missing, and keeps what was typed", async () => {
    const user = userEvent.setup();
    const saveConnection = vi.fn();
    renderForm(fakeBackend({ saveConnection }));
    await user.type(screen.getByLabelText("Name"), "Acme");
    await user.click(screen.getByLabelText("Custom address"));
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(saveConnection).not.toHaveBeenCalled();
    expect(screen.getByText("Type the address, e.g. https://…")).toBeInTheDocument();
    expect(screen.getByText("Type the API key.")).toBeInTheDocument();
    expect(screen.getByLabelText("Address")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("Name")).toHaveValue("Acme");
    expect(screen.getByLabelText("Custom address")).toBeChecked();
  });

  it("shows the organisation's name when the test succeeds", async () => {
    const { status, testConnection } = await testedAs({
      organizationId: "5f00000000000000000000aa",
      organizationName: "Acme Corp",
      organizationCount: 1,
      provider: false,
    });
    expect(status).toHaveTextContent("Connected to Acme Corp");
    const expected: ConnectionDraft = {
      id: null,
      name: "Remote org",
      endpoint: { kind: "custom", value: "http://127.0.0.1:9000" },
      credential: { kind: "apiKey", key: "the-key" },
      orgId: null,
    };
    expect(testConnection).toHaveBeenCalledWith(expected);
  });

  it("says a provider's key with one client organisation works on it without an id", async () => {
    const { status } = await testedAs({
      organizationId: "5f0000000000000000000b01",
      organizationName: "Only Client",
      organizationCount: 1,
      provider: true,
    });
    expect(status).toHaveTextContent("A provider's key");
    expect(status).not.toHaveTextContent("organisations available");
  });

  const cases: [string, AppError, RegExp][] = [
    [
      "a rejected key",
      { code: "Unauthorized", detail: { message: "401" } },
      /rejected the key \(401\)/,
    ],
    [
      "a forbidden org",
      { code: "Forbidden", detail: { message: "no" } },
      /may not act on this organisation \(403\)/,
    ],
    [
      "an unknown org",
      { code: "NotFound", detail: { message: "no" } },
      /knows no organisation with this id \(404\)/,
    ],
    [
      "a malformed org id",
      { code: "Invalid", detail: { message: "bad", field: "orgId" } },
      /malformed \(400\)/,
    ],
    [
      "an unreachable host",
      { code: "Unreachable", detail: { message: "refused" } },
      /could not be reached/,
    ],
    [
      "plain http over a network",
      {
        code: "Invalid",
        detail: { message: "`http://10.0.0.1` is not secure: use https", field: "url" },
      },
      /cannot be used[\s\S]*not secure: use https/,
    ],
    [
      "a locked keyring",
      { code: "Keyring", detail: { message: "Unlock your keyring or install gnome-keyring" } },
      /keyring could not be used[\s\S]*install gnome-keyring/,
    ],
  ];
  for (const [what, error, shown] of cases) {
    it(`explains ${what} and keeps the form as typed`, async () => {
      const user = userEvent.setup();
      renderForm(fakeBackend({ testConnection: failing(error) }));
      await fillCustom(user, "http://127.0.0.1:9000", "the-key");
      await user.click(screen.getByRole("button", { name: "Test connection" }));
      expect(await screen.findByRole("alert")).toHaveTextContent(shown);
      expect(screen.getByLabelText("API key")).toHaveValue("the-key");
      expect(screen.getByLabelText("Address")).toHaveValue("http://127.0.0.1:9000");
    });
  }

  it("hints at another region when a region's host rejects the key", async () => {
    const user = userEvent.setup();
    renderForm(
      fakeBackend({ testConnection: failing({ code: "Unauthorized", detail: { message: "x" } }) }),
    );
    await user.type(screen.getByLabelText("Name"), "EU org");
    await user.click(screen.getByLabelText("EU"));
    await user.type(screen.getByLabelText("API key"), "k");
    await user.click(screen.getByRole("button", { name: "Test connection" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(/another region/);
  });

  it("saves with the typed key and hands back the new list", async () => {
    const user = userEvent.setup();
    const saveConnection = vi.fn(async () => emptyList);
    const { onsaved } = renderForm(fakeBackend({ saveConnection }));
    await fillCustom(user, "http://127.0.0.1:9000", "the-key");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(onsaved).toHaveBeenCalledWith(emptyList);
    expect(saveConnection).toHaveBeenCalledWith(
      expect.objectContaining({ credential: { kind: "apiKey", key: "the-key" } }),
      true,
    );
  });

  it("editing without retyping the key keeps the stored one (sends none)", async () => {
    const user = userEvent.setup();
    const saveConnection = vi.fn(async () => emptyList);
    renderForm(fakeBackend({ saveConnection }), {
      id: "conn-1",
      name: "Acme",
      kind: "jumpcloud",
      endpoint: { kind: "region", value: "eu" },
      credential: { kind: "apiKey" },
      orgId: null,
      orgName: "Acme Corp",
      active: false,
    });
    expect(screen.getByLabelText("EU")).toBeChecked();
    expect(screen.getByLabelText("API key")).toHaveValue("");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(saveConnection).toHaveBeenCalledWith(
      {
        id: "conn-1",
        name: "Acme",
        endpoint: { kind: "region", value: "eu" },
        credential: { kind: "apiKey", key: null },
        orgId: null,
      },
      false,
    );
  });

  it("lets a multi-tenant admin pick the organisation from JumpCloud's list", async () => {
    const user = userEvent.setup();
    const saveConnection = vi.fn(async () => emptyList);
    const listOrganizations = vi.fn(async () => [
      { id: "5f00000000000000000000aa", displayName: "Client A" },
      { id: "5f00000000000000000000bb", displayName: "Client B" },
    ]);
    renderForm(fakeBackend({ saveConnection, listOrganizations }));
    await fillCustom(user, "http://127.0.0.1:9000", "msp-key");
    await user.click(screen.getByRole("button", { name: "Load organisations" }));
    await user.selectOptions(
      await screen.findByLabelText("Pick an organisation"),
      "5f00000000000000000000bb",
    );
    expect(screen.getByLabelText(/Organisation id/)).toHaveValue("5f00000000000000000000bb");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(saveConnection).toHaveBeenCalledWith(
      expect.objectContaining({ orgId: "5f00000000000000000000bb" }),
      true,
    );
  });
});
