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
