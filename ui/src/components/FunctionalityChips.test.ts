import { render, screen, within } from "@testing-library/svelte";
import FunctionalityChips from "./FunctionalityChips.svelte";

function labels(): string[] {
  const list = screen.getByRole("list", { name: "Supported functionality" });
  return within(list)
    .getAllByRole("listitem")
    .map((li) => li.textContent ?? "");
}

describe("FunctionalityChips", () => {
  it("labels a JIT connector with JIT Provisioning", () => {
    render(FunctionalityChips, { props: { jit: true } });
    expect(labels()).toEqual(["SSO", "JIT Provisioning"]);
  });

  it("shows Identity Management for SCIM and the Beta badge", () => {
    render(FunctionalityChips, { props: { scim: true, beta: true } });
    expect(labels()).toEqual(["SSO", "Identity Management", "Beta"]);
  });

  it("does not claim JIT for a connector without it", () => {
    render(FunctionalityChips, { props: {} });
    expect(labels()).not.toContain("JIT Provisioning");
  });

  it("keeps every label for screen readers and names them all in a tooltip when fitted", () => {
    render(FunctionalityChips, { props: { jit: true, scim: true, fit: true } });
    expect(labels()).toEqual(["SSO", "JIT Provisioning", "Identity Management"]);
    expect(screen.getByRole("list", { name: "Supported functionality" })).toHaveAttribute(
      "title",
      "SSO, JIT Provisioning, Identity Management",
    );
  });
});
