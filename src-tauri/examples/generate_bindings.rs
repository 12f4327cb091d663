//! Writes the TypeScript bindings of every command and type the UI uses to
//! `ui/src/lib/bindings.ts` (`make bindings`). An example rather than a binary so the app's package
//! does not install it; the `command_lists` test checks the committed file is current.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/bindings.ts");
    match sso_desk_lib::export_bindings(&out) {
        Ok(()) => {
            println!("wrote {}", out.display());
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("could not write the bindings: {err}");
            ExitCode::FAILURE
        }
    }
}
