import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import FidelitySection from "./FidelitySection.svelte";
import { fakeBackend } from "../../test/fake-backend";
import { BACKEND_CONTEXT_KEY } from "../../lib/backend";

describe("Fidelity report", () => {
  it("checks the organisation and lists the findings", async () => {
    const fidelityReport = vi.fn(async () => ({
      applicationsChecked: 7,
      findings: [
        {
          applicationId: "a1",
          label: "Odd App",
          kind: "not_understood" as const,
          detail: "config.constantAttributes.value[2]",
        },
      ],
    }));
    render(FidelitySection, {
      context: new Map([[BACKEND_CONTEXT_KEY, fakeBackend({ fidelityReport })]]),
    });
    await userEvent.click(screen.getByRole("button", { name: "Check organisation" }));
    expect(await screen.findByText("7 application(s) checked, 1 finding(s).")).toBeInTheDocument();
    const table = screen.getByRole("table", { name: "Fidelity findings" });
    expect(table).toHaveTextContent("Odd App");
    expect(table).toHaveTextContent("config.constantAttributes.value[2]");
    expect(fidelityReport).toHaveBeenCalledOnce();
  });
});
