import { fuzzyFilter, fuzzyScore, withinOneEdit } from "./fuzzy";

const names = ["Slack", "Salesforce", "Zoom", "Internal Wiki", "Sales team", "Settings"];
const find = (query: string) => fuzzyFilter(query, names, (n) => n);

describe("fuzzy matching", () => {
  it("prefers a prefix over a word start over a match inside a word", () => {
    expect(find("sa")).toEqual(["Salesforce", "Sales team"]);
    expect(find("wiki")).toEqual(["Internal Wiki"]);
    expect(find("force")).toEqual(["Salesforce"]);
    expect(fuzzyScore("sal", "Salesforce")!).toBeGreaterThan(fuzzyScore("sal", "Big Sales")!);
  });

  it("tolerates one typo, and not two", () => {
    expect(find("slakc")).toEqual(["Slack"]);
    expect(find("zom")).toContain("Zoom");
    expect(find("zooom")).toEqual(["Zoom"]);
    expect(find("setings")).toEqual(["Settings"]);
    expect(find("sxxck")).toEqual([]);
    expect(withinOneEdit("slack", "slcak")).toBe(true);
    expect(withinOneEdit("slack", "sclak")).toBe(false);
  });

  it("needs every word, and reads extra words at a lower weight", () => {
    expect(find("sales team")).toEqual(["Sales team"]);
    expect(
      fuzzyFilter(
        "chat",
        names,
        (n) => n,
        (n) => (n === "Slack" ? ["chat"] : []),
      ),
    ).toEqual(["Slack"]);
  });

  it("keeps the given order when nothing is typed", () => {
    expect(find("  ")).toEqual(names);
  });
});
