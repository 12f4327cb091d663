import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import DeletedApplications from "./DeletedApplications.svelte";
import { fakeBackend } from "../../test/fake-backend";
import { BACKEND_CONTEXT_KEY, type Backend } from "../../lib/backend";

const deleted = [
  { id: "old1", displayLabel: "Slack", templateName: "slack", deletedAtMs: 5_000, boundGroups: 2 },
];

describe("Deleted applications", () => {
  it("brings one back after saying a new certificate and SSO URL come with it", async () => {
    const restored: string[] = [];
    let refreshed = 0;
    render(DeletedApplications, {
      props: { deleted, onRestored: () => (refreshed += 1) },
      context: new Map([
        [
          BACKEND_CONTEXT_KEY,
          fakeBackend({
            restoreDeletedApplication: async (id) => {
              restored.push(id);
              return {
                application: { id: "new1", displayLabel: "Slack" },
                boundGroups: ["g1", "g2"],
                notBound: [],
                note: "JumpCloud issued a new IdP certificate and SSO URL for the restored application.",
              } as unknown as Awaited<ReturnType<Backend["restoreDeletedApplication"]>>;
            },
          }),
        ],
      ]),
    });
    const user = userEvent.setup();
    await user.click(screen.getByText("Deleted applications (1)"));
    await user.click(screen.getByRole("button", { name: "Restore Slack…" }));
    const dialog = screen.getByRole("dialog", { name: "Restore Slack?" });
    expect(dialog).toHaveTextContent("JumpCloud issues a new IdP certificate and SSO URL");
    await user.click(within(dialog).getByRole("button", { name: "Restore" }));
    const status = await screen.findByRole("status");
    expect(status).toHaveTextContent("2 user group(s) bound again");
    expect(status).toHaveTextContent("new IdP certificate and SSO URL");
    expect(
      within(status).getByRole("button", { name: "Open its Single sign-on tab" }),
    ).toBeInTheDocument();
    expect(restored).toEqual(["old1"]);
    expect(refreshed).toBe(1);
  });
});
