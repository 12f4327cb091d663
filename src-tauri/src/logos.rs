//! The `logo://` protocol: `logo://localhost/<address>` (the UI encodes a connector's `logo.url`)
//! answers the logo from the core ([`sso_desk_core::desk::LogoImages`]) with the headers it
//! chose, or a 404 the UI turns into initials. The content security policy allows `logo:` images
//! and no other origin.

use sso_desk_core::desk::Desk;
use sso_desk_core::logos::address_in_path;
use tauri::http::{Request, Response, StatusCode};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};

pub const SCHEME: &str = "logo";

pub fn serve<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let app = ctx.app_handle().clone();
    let address = address_in_path(request.uri().path());
    tauri::async_runtime::spawn(async move {
        let logo = match address {
            Some(address) => app.state::<Desk>().logos().image(&address).await.ok(),
            None => None,
        };
        let response = match logo {
            Some(logo) => logo
                .headers()
                .into_iter()
                .fold(Response::builder(), |r, (name, value)| {
                    r.header(name, value)
                })
                .body(logo.bytes),
            None => Response::builder()
                .status(StatusCode::NOT_FOUND)
                .body(Vec::new()),
        };
        responder.respond(response.unwrap_or_else(|_| Response::new(Vec::new())));
    });
}
