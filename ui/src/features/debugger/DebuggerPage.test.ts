import { render, screen, within, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import DebuggerPage from "./DebuggerPage.svelte";
import { fakeBackend } from "../../test/fake-backend";
import { BACKEND_CONTEXT_KEY, BackendError, type Backend } from "../../lib/backend";
import type { CheckLine, DebuggerReport, FoundResponse } from "../../lib/backend";
import { router } from "../../lib/router.svelte";
import { relative } from "./format";

function line(
  check: CheckLine["check"],
  label: string,
  outcome: CheckLine["outcome"] = "pass",
  extra: Partial<CheckLine> = {},
): CheckLine {
  return { check, label, outcome, detail: `${label} detail`, fix: null, tab: null, ...extra };
}

const FINGERPRINT = "AB:CD:EF";

function report(checks: CheckLine[]): DebuggerReport {
  return {
    response: {
      root: "Response",
      id: "_r1",
      issuer: "https://sso.jumpcloud.com/saml2/slack",
      destination: "https://slack.example.com/saml/acs",
      inResponseTo: null,
      issueInstant: "2027-01-15T08:00:00Z",
      status: { code: "urn:oasis:names:tc:SAML:2.0:status:Success", subCode: null, message: null },
      assertionCount: 1,
      encryptedAssertionCount: 0,
      assertion: {
        id: "_a1",
        issuer: "https://sso.jumpcloud.com/saml2/slack",
        issueInstant: "2027-01-15T08:00:00Z",
        nameId: "cleo@example.com",
        nameIdFormat: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
        recipient: "https://slack.example.com/saml/acs",
        confirmationNotOnOrAfter: "2027-01-15T08:05:00Z",
        confirmationInResponseTo: null,
        notBefore: "2027-01-15T07:59:00Z",
        notOnOrAfter: "2027-01-15T08:05:00Z",
        audiences: ["https://slack.example.com"],
        authnInstant: "2027-01-15T08:00:00Z",
        sessionIndex: "_a1",
        attributes: [
          { name: "email", nameFormat: null, friendlyName: null, values: ["cleo@example.com"] },
          { name: "lastName", nameFormat: null, friendlyName: null, values: [""] },
        ],
      },
    },
    clock: { nowMs: 0, notBeforeIn: -60, notOnOrAfterIn: 240, issuedIn: -5, authnIn: -5 },
    signatures: {
      signatures: [
        {
          element: "Response",
          elementId: "_r1",
          references: ["#_r1"],
          algorithm: "RSA-SHA256",
          safeAlgorithm: true,
          verdict: { kind: "valid" },
          signedBy: { fingerprint: FINGERPRINT, subject: null, knownAs: { kind: "current" } },
          embedded: null,
          coversAssertion: true,
          coverageIssue: null,
        },
      ],
      duplicateIds: [],
    },
    application: { id: "app1", label: "Slack (sample data)" },
    user: { id: "u1", label: "cleo@example.com", bound: true },
    checks,
    xml: "<samlp:Response/>",
  };
}

const jitFails = report([
  line("application", "Application"),
  line("signature", "Signature", "pass", {
    detail: `valid over the Response, made with this application's current IdP certificate (SHA-256 ${FINGERPRINT})`,
  }),
  line("jitAttributes", "JIT-required attributes", "fail", {
    detail: "JIT needs them non-empty; sent empty: lastName",
    fix: "The user's value for lastName is empty in JumpCloud: fill it in",
    tab: "readiness",
  }),
]);

function renderPage(backend: Backend) {
  return render(DebuggerPage, { context: new Map([[BACKEND_CONTEXT_KEY, backend]]) });
}

describe("the assertion debugger", () => {
  beforeEach(() => router.go({ name: "debugger" }));

  it("checks a pasted response and shows each line, the fields and the fingerprint", async () => {
    const inspected: string[] = [];
    const backend = fakeBackend({
      findSamlResponses: async (text) => [{ label: "Pasted response", at: null, value: text }],
      inspectSamlResponse: async (value) => {
        inspected.push(value);
        return jitFails;
      },
    });
    renderPage(backend);
    await userEvent.type(screen.getByLabelText(/SAMLResponse/), "PHNhbWxw");
    await userEvent.click(screen.getByRole("button", { name: "Check response" }));
    expect(await screen.findByText("Slack (sample data)")).toBeInTheDocument();
    expect(inspected).toEqual(["PHNhbWxw"]);
    expect(screen.getByText("1 check fails: JIT-required attributes")).toBeInTheDocument();
    const checks = screen.getByRole("list", { name: "Checks" });
    const jit = within(checks).getByText("JIT-required attributes").closest("li");
    expect(jit).toHaveAttribute("data-outcome", "fail");
    expect(jit).toHaveTextContent("lastName");
    expect(jit).toHaveTextContent("fails");
    const signature = within(checks).getByText("Signature").closest("li");
    expect(signature).toHaveAttribute("data-outcome", "pass");
    const attributes = screen.getByRole("table", { name: "Attributes" });
    expect(within(attributes).getByText("(empty)")).toBeInTheDocument();
    expect(screen.getAllByText(FINGERPRINT).length).toBeGreaterThan(0);
    expect(screen.getByText("cleo@example.com", { selector: "dd" })).toBeInTheDocument();
  });

  it("links a failing line to the application tab that fixes it", async () => {
    const backend = fakeBackend({
      findSamlResponses: async (text) => [{ label: "Pasted response", at: null, value: text }],
      inspectSamlResponse: async () => jitFails,
    });
    renderPage(backend);
    await userEvent.type(screen.getByLabelText(/SAMLResponse/), "x");
    await userEvent.click(screen.getByRole("button", { name: "Check response" }));
    await userEvent.click(await screen.findByRole("button", { name: "Open “JIT readiness”" }));
    expect(router.page).toEqual({ name: "application", id: "app1", tab: "readiness" });
  });

  it("lists the responses of a file to choose from", async () => {
    const found: FoundResponse[] = [
      { label: "POST https://sp.example.com/saml/acs", at: "2027-01-15T08:00:00Z", value: "one" },
      { label: "GET https://sp.example.com/saml/slo", at: null, value: "two" },
    ];
    const inspected: string[] = [];
    const backend = fakeBackend({
      findSamlResponses: async () => found,
      inspectSamlResponse: async (value) => {
        inspected.push(value);
        return jitFails;
      },
    });
    renderPage(backend);
    const file = new File([JSON.stringify({ log: { entries: [] } })], "sign-in.har", {
      type: "application/json",
    });
    const input = document.querySelector("input[type=file]") as HTMLInputElement;
    await userEvent.upload(input, file);
    const list = await screen.findByRole("region", { name: "Responses found" });
    expect(within(list).getByText(/2 SAML responses in sign-in.har/)).toBeInTheDocument();
    expect(inspected).toEqual([]);
    await userEvent.click(within(list).getByRole("button", { name: /saml\/slo/ }));
    await waitFor(() => expect(inspected).toEqual(["two"]));
    expect(await screen.findByText("Slack (sample data)")).toBeInTheDocument();
  });

  it("says what is wrong with bad input and keeps what was typed", async () => {
    const backend = fakeBackend({
      findSamlResponses: async (text) => [{ label: "Pasted response", at: null, value: text }],
      inspectSamlResponse: async () => {
        throw new BackendError({
          code: "Invalid",
          detail: {
            message: "this response has a DTD (<!DOCTYPE …>), which is refused",
            field: "samlResponse",
          },
        });
      },
    });
    renderPage(backend);
    const box = screen.getByLabelText(/SAMLResponse/);
    await userEvent.type(box, "<!DOCTYPE x>");
    await userEvent.click(screen.getByRole("button", { name: "Check response" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("DTD");
    expect(box).toHaveValue("<!DOCTYPE x>");
    expect(box).toHaveAttribute("aria-invalid", "true");
  });
});

describe("relative times", () => {
  it("reads as an admin says them", () => {
    expect(relative(-60)).toBe("60 s ago");
    expect(relative(240)).toBe("in 4 min");
    expect(relative(-7200)).toBe("2 h ago");
    expect(relative(null)).toBe("—");
  });
});
