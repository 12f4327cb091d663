import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import CatalogSearch from "./CatalogSearch.svelte";
import { fakeBackend } from "../../test/fake-backend";
import { BACKEND_CONTEXT_KEY, type Backend, type CatalogFilter } from "../../lib/backend";
import { match } from "./fixtures";

function show(backend: Backend, onOpen = vi.fn()) {
  render(CatalogSearch, {
    props: { onOpen },
    context: new Map([[BACKEND_CONTEXT_KEY, backend]]),
  });
  return onOpen;
}

const zoom = match();
const custom = match({
  id: "t-custom",
  displayName: "SAML 2.0 connector",
  supportsJit: false,
});
const zoomInfo = match({
  id: "t-zi",
  displayName: "ZoomInfo",
  supportsJit: false,
});

describe("CatalogSearch", () => {
  it("shows the download progress the first time, then the results", async () => {
    let finish: () => void = () => {};
    const backend = fakeBackend({
      loadCatalog: (onProgress) =>
        new Promise((resolve) => {
          onProgress({ pagesDone: 3, pagesTotal: 10 });
          finish = () => resolve({ entries: 1000, source: "download" });
        }),
      searchCatalog: async () => [custom, zoom],
    });
    show(backend);
    expect(await screen.findByRole("status")).toHaveTextContent(
      "Loading the catalog… 3 of 10 pages",
    );
    expect(screen.getByRole("combobox", { name: "Search the catalog" })).toHaveFocus();
    finish();
    const list = screen.getByRole("listbox", { name: "Catalog results" });
    await waitFor(() => expect(within(list).getAllByRole("option")).toHaveLength(2));
  });

  it("searches on every keystroke and paints only the latest answer", async () => {
    const calls: string[] = [];
    const pending: Record<string, (v: ReturnType<typeof match>[]) => void> = {};
    const backend = fakeBackend({
      loadCatalog: async () => ({ entries: 3, source: "cache" }),
      searchCatalog: (query) => {
        calls.push(query);
        return new Promise((resolve) => (pending[query] = resolve));
      },
    });
    show(backend);
    await waitFor(() => expect(calls).toEqual([""]));
    pending[""]?.([custom]);
    const box = screen.getByRole("combobox", { name: "Search the catalog" });
    await userEvent.type(box, "zo");
    expect(calls).toEqual(["", "z", "zo"]);
    // "z" answers first, but "zo" has been sent since: its results would be replaced at once,
    // so they are never painted.
    pending["z"]?.([zoomInfo]);
    await new Promise((r) => setTimeout(r, 10));
    expect(screen.getAllByRole("option").map((o) => o.textContent)).toEqual([
      expect.stringContaining("SAML 2.0 connector"),
    ]);
    pending["zo"]?.([zoom, zoomInfo, custom]);
    await waitFor(() => expect(screen.getAllByRole("option")).toHaveLength(3));
    expect(screen.getAllByRole("option")).toHaveLength(3);
    const first = screen.getAllByRole("option")[0];
    expect(first).toHaveTextContent("Zoom");
    expect(within(first as HTMLElement).getByText("JIT Provisioning")).toBeInTheDocument();
  });

  it("sends the filters and moves through results with the arrows; Enter opens", async () => {
    const filters: CatalogFilter[] = [];
    const backend = fakeBackend({
      loadCatalog: async () => ({ entries: 3, source: "cache" }),
      searchCatalog: async (_q, filter) => {
        filters.push(filter);
        return [zoom, zoomInfo, custom];
      },
    });
    const onOpen = show(backend);
    await waitFor(() => expect(screen.getAllByRole("option")).toHaveLength(3));
    await userEvent.click(screen.getByRole("checkbox", { name: "JIT only" }));
    await userEvent.click(screen.getByRole("checkbox", { name: "Show end-of-life connectors" }));
    expect(filters.at(-1)).toEqual({ jitOnly: true, scimOnly: false, includeEndOfLife: true });
    const box = screen.getByRole("combobox", { name: "Search the catalog" });
    box.focus();
    await userEvent.keyboard("{ArrowDown}");
    expect(box).toHaveAttribute("aria-activedescendant", "catalog-option-1");
    expect(screen.getAllByRole("option")[1]).toHaveAttribute("aria-selected", "true");
    await userEvent.keyboard("{Enter}");
    expect(onOpen).toHaveBeenCalledWith(zoomInfo);
  });
});
