import { render, screen, within, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import ApplicationLifecycle from "./ApplicationLifecycle.svelte";
import { fakeBackend } from "../../test/fake-backend";
import { router } from "../../lib/router.svelte";
import { BACKEND_CONTEXT_KEY, BackendError, type Backend } from "../../lib/backend";

const APP_ID = "5f0000000002000000000000";

function mount(methods: Partial<Backend>, label = "Slack", active = true) {
  const seen: boolean[] = [];
  render(ApplicationLifecycle, {
    props: { applicationId: APP_ID, label, active, onActive: (s) => seen.push(s.active) },
    context: new Map([[BACKEND_CONTEXT_KEY, fakeBackend(methods)]]),
  });
  return { seen, user: userEvent.setup() };
}

describe("An application's lifecycle", () => {
  it("asks for the application's label before deleting, and offers Delete anyway over a draft", async () => {
    const calls: [string, boolean][] = [];
    const { user } = mount({
      deleteApplication: async (_id, label, force) => {
        calls.push([label, force]);
        if (!force)
          throw new BackendError({
            code: "Invalid",
            detail: { message: "draft open", field: "force" },
          });
        return null;
      },
    });
    router.go({ name: "application", id: APP_ID });
    await user.click(screen.getByRole("button", { name: "Delete application" }));
    const dialog = screen.getByRole("alertdialog");
    expect(dialog).toHaveTextContent("Its bound user groups and users lose access to it.");
    const confirm = within(dialog).getByRole("button", { name: "Delete application" });
    expect(confirm).toBeDisabled();
    await user.type(within(dialog).getByRole("textbox"), "Slac");
    expect(confirm).toBeDisabled();
    await user.type(within(dialog).getByRole("textbox"), "k");
    await user.click(confirm);
    expect(
      await within(dialog).findByText(/A draft with unsaved changes is open for this application/),
    ).toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "Delete anyway" }));
    await waitFor(() => expect(router.page).toEqual({ name: "applications" }));
    expect(calls).toEqual([
      ["Slack", false],
      ["Slack", true],
    ]);
  });

  it("confirms an application without a label by its id, never by nothing", async () => {
    const { user } = mount({ deleteApplication: async () => null }, "  ");
    await user.click(screen.getByRole("button", { name: "Delete application" }));
    const dialog = screen.getByRole("alertdialog", { name: `Delete ${APP_ID}?` });
    const input = within(dialog).getByRole("textbox", {
      name: new RegExp(`type its id, ${APP_ID}`),
    });
    const confirm = within(dialog).getByRole("button", { name: "Delete application" });
    expect(confirm).toBeDisabled();
    await user.type(input, "   ");
    expect(confirm).toBeDisabled();
    await user.clear(input);
    await user.type(input, APP_ID);
    expect(confirm).toBeEnabled();
  });

  it("deactivates only once confirmed, and says so when JumpCloud kept it active", async () => {
    const asked: boolean[] = [];
    const { user, seen } = mount({
      setApplicationActive: async (_id, active) => {
        asked.push(active);
        return {
          active: true,
          unchanged: "JumpCloud kept the application active: the change did not take effect.",
          certificateChanged: null,
        };
      },
    });
    await user.click(screen.getByRole("button", { name: "Deactivate" }));
    const confirm = screen.getByRole("alertdialog", { name: "Deactivate Slack?" });
    await user.click(within(confirm).getByRole("button", { name: "Cancel" }));
    expect(asked).toEqual([]);
    await user.click(screen.getByRole("button", { name: "Deactivate" }));
    await user.click(
      within(screen.getByRole("alertdialog")).getByRole("button", { name: "Deactivate" }),
    );
    expect(await screen.findByRole("alert")).toHaveTextContent("did not take effect");
    expect(asked).toEqual([false]);
    expect(seen).toEqual([true]);
  });

  it("activates at once and says so", async () => {
    const { user, seen } = mount(
      {
        setApplicationActive: async (_id, active) => ({
          active,
          unchanged: null,
          certificateChanged: null,
        }),
      },
      "Slack",
      false,
    );
    await user.click(screen.getByRole("button", { name: "Activate" }));
    expect(await screen.findByRole("status")).toHaveTextContent("The application is active.");
    expect(screen.queryByText(/new IdP certificate/)).toBeNull();
    expect(seen).toEqual([true]);
  });

  it("says so when JumpCloud issued a new IdP certificate with the change", async () => {
    const { user } = mount(
      {
        setApplicationActive: async (_id, active) => ({
          active,
          unchanged: null,
          certificateChanged: { beforeFingerprint: "AA", afterFingerprint: "BB", expires: null },
        }),
      },
      "Slack",
      false,
    );
    await user.click(screen.getByRole("button", { name: "Activate" }));
    expect(
      await screen.findByText(/new IdP certificate: the service provider needs the new metadata/),
    ).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Save metadata…" })).toBeInTheDocument();
  });
});
