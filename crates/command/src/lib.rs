//! `#[command]`: what every command of the app is, written once. A command is a Tauri command,
//! typed for the generated TypeScript bindings, and traced: a span per call, its error logged, no
//! argument recorded (an argument may hold a secret the admin typed). Writing the three attributes
//! by hand on each of sixty-odd commands let one be forgotten; this attribute cannot forget one.
//!
//! It only prepends the attributes to the function, untouched (doc comments included, which the
//! bindings carry). Needs no Tauri itself: the paths resolve in the app crate that uses it.

use proc_macro::{TokenStream, TokenTree};

/// `#[tauri::command] #[specta::specta] #[tracing::instrument(skip_all, err)]`, in that order; a
/// command that returns nothing (so has no error to log) gets `instrument(skip_all)`.
#[proc_macro_attribute]
pub fn command(attr: TokenStream, item: TokenStream) -> TokenStream {
    if !attr.is_empty() {
        return r##"compile_error!("#[command] takes no arguments");"##
            .parse()
            .expect("a valid token stream");
    }
    let instrument = if returns_something(&item) {
        "#[tracing::instrument(skip_all, err)]"
    } else {
        "#[tracing::instrument(skip_all)]"
    };
    let mut expanded: TokenStream = format!("#[tauri::command] #[specta::specta] {instrument}")
        .parse()
        .expect("valid attributes");
    expanded.extend(item);
    expanded
}

/// Whether the signature has `->` before the body (the body is the first `{ ... }` group).
fn returns_something(item: &TokenStream) -> bool {
    let mut previous_dash = false;
    for token in item.clone() {
        match token {
            TokenTree::Group(g) if g.delimiter() == proc_macro::Delimiter::Brace => return false,
            TokenTree::Punct(p) if p.as_char() == '>' && previous_dash => return true,
            TokenTree::Punct(p) => previous_dash = p.as_char() == '-',
            _ => previous_dash = false,
        }
    }
    false
}
