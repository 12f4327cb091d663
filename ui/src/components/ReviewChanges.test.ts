import { render, screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import ReviewChanges from "./ReviewChanges.svelte";
import type { ReviewChange } from "../lib/backend";

const changes: ReviewChange[] = [
  {
    path: ["config", "acsUrl", "value"],
    label: "ACS URL",
    before: "https://old",
    after: "https://new",
  },
  { path: ["config", "loginUrl", "value"], label: "Login URL", before: null, after: "" },
  {
    path: ["config", "databaseAttributes", "value", 1],
    label: "User attribute team",
    before: { name: "team", value: "department" },
    after: null,
  },
];

describe("Review changes", () => {
  it("lists each change by its label with both values, never by its path", () => {
    render(ReviewChanges, { props: { changes, canSave: true, onSave: () => {} } });
    const table = screen.getByRole("table", { name: "Fields that change" });
    const rows = within(table).getAllByRole("row").slice(1);
    const cells = (r: HTMLElement) =>
      [...r.querySelectorAll("th, td")].map((c) => c.textContent?.trim());
    expect(rows.map(cells)).toEqual([
      ["ACS URL", "https://old", "https://new"],
      ["Login URL", "(absent)", "(empty)"],
      ["User attribute team", '{"name":"team","value":"department"}', "(absent)"],
    ]);
    expect(table).not.toHaveTextContent("config.");
    expect(screen.getByRole("dialog", { name: "Review changes" })).toBeInTheDocument();
  });

  it("shows what blocks the save and keeps Save off", () => {
    render(ReviewChanges, {
      props: {
        changes,
        issues: [{ label: "ACS URL", message: "use https://" }],
        canSave: false,
        onSave: () => {},
      },
    });
    expect(screen.getByRole("alert")).toHaveTextContent("ACS URL: use https://");
    expect(screen.getByRole("button", { name: "Save" })).toBeDisabled();
  });

  it("says a failed save kept the draft, and offers to retry", async () => {
    const onSave = vi.fn();
    render(ReviewChanges, {
      props: { changes, canSave: true, error: "JumpCloud failed (502)", onSave },
    });
    expect(screen.getByRole("alert")).toHaveTextContent(
      "The save failed and your draft is kept: JumpCloud failed (502)",
    );
    await userEvent.click(screen.getByRole("button", { name: "Retry save" }));
    expect(onSave).toHaveBeenCalledOnce();
  });

  it("renders inline, without a dialog or buttons, for a review inside a page", () => {
    render(ReviewChanges, { props: { changes: [], inline: true } });
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(screen.getByRole("region", { name: "Review changes" })).toHaveTextContent(
      "Nothing changes.",
    );
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
  });
});
