import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import ApplicationOverview from "./ApplicationOverview.svelte";
import { fakeBackend } from "../../test/fake-backend";
import {
  BACKEND_CONTEXT_KEY,
  BackendError,
  type ApplicationOverview as Overview,
  type Backend,
} from "../../lib/backend";

const overview: Overview = {
  row: {
    id: "a1",
    displayLabel: "Slack (sample data)",
    description: "Sample data: a configured Slack connector.",
    templateName: "slack",
    connector: "Slack",
    keywords: [],
    logoUrl: null,
    color: null,
    ssoType: "saml",
    jit: true,
    scim: false,
    beta: false,
    active: true,
    boundGroups: 1,
  },
  ssoUrl: "https://sso.example.com/saml2/slack",
  idpEntityId: "https://sso.example.com/slack",
  spEntityId: null,
  acsUrl: "https://slack.example.com/saml/acs",
  boundGroups: [
    {
      id: "g2",
      name: "Engineering",
      direct: false,
      viaGroups: [{ id: "g1", name: "Slack Workspace" }],
    },
    { id: "g1", name: "Slack Workspace", direct: true, viaGroups: [] },
  ],
  directUsers: { count: 0, named: [] },
};

function show(backend: Backend) {
  return render(ApplicationOverview, {
    props: { id: "a1" },
    context: new Map([[BACKEND_CONTEXT_KEY, backend]]),
  });
}

describe("Application overview", () => {
  it("shows the application, its SSO setup and its bound groups", async () => {
    show(fakeBackend({ applicationOverview: async () => overview }));
    expect(await screen.findByRole("heading", { name: "Slack (sample data)" })).toBeInTheDocument();
    expect(screen.getByText("JIT Provisioning")).toBeInTheDocument();
    expect(screen.getByText("https://slack.example.com/saml/acs")).toBeInTheDocument();
    const groups = screen.getByRole("list", { name: "Bound user groups" });
    const items = within(groups).getAllByRole("listitem");
    expect(items[0]).toHaveTextContent("Engineering");
    expect(items[0]).toHaveTextContent("through Slack Workspace");
    expect(items[1]).toHaveTextContent("Bound directly");
  });

  it("lists the users bound directly and counts the ones it does not name", async () => {
    show(
      fakeBackend({
        applicationOverview: async () => ({
          ...overview,
          boundGroups: [],
          directUsers: {
            count: 3,
            named: [
              { id: "u1", name: "Ada Lovelace", email: "ada@example.com" },
              { id: "u2", name: "Grace Hopper", email: null },
            ],
          },
        }),
      }),
    );
    const users = await screen.findByRole("list", { name: "Users bound directly" });
    const items = within(users).getAllByRole("listitem");
    expect(items.map((i) => i.textContent?.replace(/\s+/g, " ").trim())).toEqual([
      "Ada Lovelace ada@example.com",
      "Grace Hopper",
    ]);
    expect(
      screen.getByText("3 users are bound to this application without a user group."),
    ).toBeInTheDocument();
    expect(screen.getByText("and 1 more")).toBeInTheDocument();
    expect(screen.getByText(/only the users bound to it directly can sign in/)).toBeInTheDocument();
  });

  it("says nobody can sign in when nothing is bound", async () => {
    show(fakeBackend({ applicationOverview: async () => ({ ...overview, boundGroups: [] }) }));
    expect(await screen.findByText(/nobody can sign in to it yet/)).toBeInTheDocument();
    expect(screen.queryByRole("list", { name: "Users bound directly" })).toBeNull();
  });

  it("says why it could not read the application and retries", async () => {
    const user = userEvent.setup();
    let fail = true;
    show(
      fakeBackend({
        applicationOverview: async () => {
          if (fail) throw new BackendError({ code: "NotFound", detail: { message: "gone" } });
          return overview;
        },
      }),
    );
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Could not read this application: gone",
    );
    fail = false;
    await user.click(screen.getByRole("button", { name: "Retry" }));
    expect(await screen.findByRole("heading", { name: "Slack (sample data)" })).toBeInTheDocument();
  });
});
