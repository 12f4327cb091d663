import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/svelte";
import AcsUrlsEditor from "./AcsUrlsEditor.svelte";

const list = [
  { url: "https://sp.example.com/acs/1", isDefault: true, index: 0 },
  { url: "https://sp.example.com/acs/2", isDefault: false, index: 1 },
];

function setup() {
  const onEdit = vi.fn();
  render(AcsUrlsEditor, {
    props: {
      id: "acs",
      label: "ACS URLs",
      value: list,
      readOnly: false,
      describedBy: undefined,
      onEdit,
    },
  });
  return onEdit;
}

describe("AcsUrlsEditor", () => {
  it("sends the whole list, in order, when one URL changes", async () => {
    const onEdit = setup();
    const second = screen.getByRole("textbox", { name: "ACS URLs 2" });
    await fireEvent.change(second, { target: { value: "https://sp.example.com/acs/two" } });
    expect(onEdit).toHaveBeenCalledWith([
      list[0],
      { url: "https://sp.example.com/acs/two", isDefault: false, index: 1 },
    ]);
  });

  it("moves the default and removes an entry, keeping one default", async () => {
    const onEdit = setup();
    await fireEvent.click(screen.getAllByRole("radio", { name: "Default" })[1]!);
    expect(onEdit).toHaveBeenLastCalledWith([
      { ...list[0], isDefault: false },
      { ...list[1], isDefault: true },
    ]);
    await fireEvent.click(screen.getByRole("button", { name: "Remove ACS URLs 2" }));
    expect(onEdit).toHaveBeenLastCalledWith([{ ...list[0], isDefault: true }]);
  });

  it("adds an empty row that is sent only once it has a URL", async () => {
    const onEdit = setup();
    await fireEvent.click(screen.getByRole("button", { name: "Add URL" }));
    const third = screen.getByRole("textbox", { name: "ACS URLs 3" });
    expect(onEdit).not.toHaveBeenCalled();
    await fireEvent.change(third, { target: { value: "https://sp.example.com/acs/3" } });
    expect(onEdit).toHaveBeenLastCalledWith([
      list[0],
      list[1],
      { url: "https://sp.example.com/acs/3", isDefault: false, index: null },
    ]);
  });
});
