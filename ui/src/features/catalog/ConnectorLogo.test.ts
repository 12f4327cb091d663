import { render } from "@testing-library/svelte";
import ConnectorLogo from "./ConnectorLogo.svelte";

describe("ConnectorLogo", () => {
  afterEach(() => {
    delete (window as unknown as Record<string, unknown>).__TAURI_INTERNALS__;
  });

  it("shows initials, without the sample-data note, when no app serves logos", () => {
    const { container } = render(ConnectorLogo, {
      props: { name: "Asana (sample data)", logoUrl: "/logos/asana.png", color: "#123456" },
    });
    expect(container.querySelector(".initials")).toHaveTextContent("A");
    expect(container.querySelector("img")).toBeNull();
  });

  it("asks the app's logo protocol, keeps the initials until the image loads, and after a failure", async () => {
    (window as unknown as Record<string, unknown>).__TAURI_INTERNALS__ = {
      convertFileSrc: (path: string, protocol: string) =>
        `${protocol}://localhost/${encodeURIComponent(path)}`,
    };
    const { container } = render(ConnectorLogo, {
      props: { name: "Zoom Video", logoUrl: "/logos/zoom.png" },
    });
    const img = container.querySelector("img")!;
    expect(img.getAttribute("src")).toBe("logo://localhost/%2Flogos%2Fzoom.png");
    expect(container.querySelector(".initials")).toHaveTextContent("ZV");
    img.dispatchEvent(new Event("load"));
    await Promise.resolve();
    await new Promise((r) => setTimeout(r));
    expect(container.querySelector(".initials")).toBeNull();
    expect(img).toHaveClass("shown");
    img.dispatchEvent(new Event("error"));
    await new Promise((r) => setTimeout(r));
    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector(".initials")).toHaveTextContent("ZV");
  });
});
