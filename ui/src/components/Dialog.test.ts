import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import DialogHost from "../test/DialogHost.svelte";

describe("Dialog", () => {
  it("is a modal dialog named by its title, with the focus inside", async () => {
    const user = userEvent.setup();
    render(DialogHost);
    await user.click(screen.getByRole("button", { name: "Open" }));
    const dialog = screen.getByRole("dialog", { name: "Rename" });
    expect(dialog).toHaveAttribute("aria-modal", "true");
    expect(screen.getByRole("textbox", { name: "Name" })).toHaveFocus();
  });

  it("closes on Escape and gives the focus back to the button that opened it", async () => {
    const user = userEvent.setup();
    render(DialogHost);
    const opener = screen.getByRole("button", { name: "Open" });
    await user.click(opener);
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(opener).toHaveFocus();
  });

  it("gives the focus back after a button inside closes it", async () => {
    const user = userEvent.setup();
    render(DialogHost);
    const opener = screen.getByRole("button", { name: "Open" });
    await user.click(opener);
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(opener).toHaveFocus();
  });

  it("hands the focus to the region around an opener that can no longer take it", async () => {
    const user = userEvent.setup();
    render(DialogHost);
    await user.click(screen.getByRole("button", { name: "Open" }));
    await user.click(screen.getByRole("button", { name: "Rename it" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Open" })).toBeDisabled();
    expect(screen.getByRole("main", { name: "Page" })).toHaveFocus();
  });

  it("keeps Tab and Shift+Tab inside", async () => {
    const user = userEvent.setup();
    render(DialogHost);
    await user.click(screen.getByRole("button", { name: "Open" }));
    const input = screen.getByRole("textbox", { name: "Name" });
    const last = screen.getByRole("button", { name: "Rename it" });
    await user.tab({ shift: true });
    expect(last).toHaveFocus();
    await user.tab();
    expect(input).toHaveFocus();
    await user.tab();
    await user.tab();
    expect(last).toHaveFocus();
    await user.tab();
    expect(input).toHaveFocus();
  });

  it("stays open on Escape while busy", async () => {
    const user = userEvent.setup();
    render(DialogHost, { props: { busy: true } });
    await user.click(screen.getByRole("button", { name: "Open" }));
    await user.keyboard("{Escape}");
    expect(screen.getByRole("dialog", { name: "Rename" })).toBeInTheDocument();
  });
});
