import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import LoadState from "./LoadState.svelte";

describe("LoadState", () => {
  it("shows progress with its counts while loading", () => {
    render(LoadState, {
      props: { loading: true, label: "Loading the catalog…", done: 3, total: 10, unit: "pages" },
    });
    expect(screen.getByRole("status")).toHaveTextContent("Loading the catalog… 3 of 10 pages");
    const bar = screen.getByRole("progressbar", { name: "Loading the catalog…" });
    expect(bar).toHaveAttribute("value", "3");
    expect(bar).toHaveAttribute("max", "10");
  });

  it("shows an indeterminate bar when nothing is counted", () => {
    render(LoadState, { props: { loading: true, label: "Reading the connector…" } });
    expect(screen.getByRole("status")).toHaveTextContent(/^Reading the connector…$/);
    expect(screen.getByRole("progressbar")).not.toHaveAttribute("value");
  });

  it("says what failed, and Retry calls back", async () => {
    const user = userEvent.setup();
    const onRetry = vi.fn();
    render(LoadState, {
      props: { loading: true, label: "Loading", error: "Could not load: offline", onRetry },
    });
    expect(screen.getByRole("alert")).toHaveTextContent("Could not load: offline");
    expect(screen.queryByRole("status")).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Retry" }));
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it("shows nothing when done", () => {
    const { container } = render(LoadState, { props: { label: "Loading" } });
    expect(container).toHaveTextContent(/^$/);
    expect(screen.queryByRole("status")).not.toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });
});
