import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import WorkWith from "./WorkWith.svelte";
import { fakeBackend } from "../../test/fake-backend";
import { BACKEND_CONTEXT_KEY, type Backend, type OrgChoices } from "../../lib/backend";

const ACME = { id: "5f0000000000000000000001", name: "Acme" };
const GLOBEX = { id: "5f0000000000000000000002", name: "Globex" };
const INITECH = { id: "5f0000000000000000000003", name: "Initech" };
const ORGS = [ACME, GLOBEX, INITECH];

function choices(working: string[]): OrgChoices {
  return { provider: true, organisations: ORGS, working, chosen: ACME };
}

function mount(methods: Partial<Backend>, onPicked = vi.fn()) {
  render(WorkWith, {
    props: { onPicked },
    context: new Map([[BACKEND_CONTEXT_KEY, fakeBackend(methods)]]),
  });
  return onPicked;
}

describe("Organisations to work with", () => {
  it("starts with every organisation ticked and sends the ones left ticked", async () => {
    const user = userEvent.setup();
    const picks: string[][] = [];
    const onPicked = mount({
      organisations: async () => choices(ORGS.map((o) => o.id)),
      pickOrganisations: async (ids) => {
        picks.push(ids);
        return choices(ids);
      },
    });
    await user.click(await screen.findByText(/Organisations to work with \(3 of 3\)/));
    const apply = screen.getByRole("button", { name: "Work with these" });
    expect(apply).toBeDisabled();
    await user.click(screen.getByRole("checkbox", { name: "Globex" }));
    await user.click(apply);
    expect(picks).toEqual([[ACME.id, INITECH.id]]);
    expect(onPicked).toHaveBeenCalledOnce();
    expect(await screen.findByText(/\(2 of 3\)/)).toBeInTheDocument();
  });

  it("refuses an empty pick, and a failed one keeps the boxes as ticked", async () => {
    const user = userEvent.setup();
    const onPicked = mount({
      organisations: async () => choices(ORGS.map((o) => o.id)),
      pickOrganisations: async () => {
        throw new Error("the settings file is read-only");
      },
    });
    await user.click(await screen.findByText(/Organisations to work with/));
    await user.click(screen.getByRole("button", { name: "None" }));
    await user.click(screen.getByRole("button", { name: "Work with these" }));
    expect(screen.getByRole("alert")).toHaveTextContent("at least one");
    await user.click(screen.getByRole("checkbox", { name: "Initech" }));
    await user.click(screen.getByRole("button", { name: "Work with these" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("read-only");
    expect(screen.getByRole("checkbox", { name: "Initech" })).toBeChecked();
    expect(screen.getByRole("checkbox", { name: "Acme" })).not.toBeChecked();
    expect(onPicked).not.toHaveBeenCalled();
  });

  it("shows nothing on a one-organisation connection", async () => {
    mount({
      organisations: async () => ({
        provider: false,
        organisations: [],
        working: [],
        chosen: null,
      }),
    });
    await Promise.resolve();
    expect(screen.queryByText(/Organisations to work with/)).toBeNull();
  });
});
