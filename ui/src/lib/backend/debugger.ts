// The assertion debugger's calls to the Rust side: list the SAML responses in pasted text or a
// file's text, and check one. The text is handed over as it is; nothing leaves the computer.
import { commands, type DebuggerReport, type FoundResponse } from "../bindings";
import { unwrap } from "./result";

export interface DebuggerBackend {
  /** The responses in pasted text, a HAR file or a SAML-tracer export (a bare value is one). */
  findSamlResponses(text: string): Promise<FoundResponse[]>;
  /** One response decoded and checked against its application. */
  inspectSamlResponse(value: string): Promise<DebuggerReport>;
}

export const debuggerBackend: DebuggerBackend = {
  findSamlResponses: (text) => unwrap(commands.findSamlResponses(text)),
  inspectSamlResponse: (value) => unwrap(commands.inspectSamlResponse(value)),
};
