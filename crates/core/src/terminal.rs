//! Text bound for a terminal (`sso-desk --check-org`). Labels and messages in it come from the
//! server, and a terminal obeys the escape sequences it is sent: a label holding `ESC ]` could
//! retitle the window, rewrite what was printed before or hide a line. [`printable`] promises that
//! what it returns holds no control character but the line breaks and tabs of the report itself,
//! and no bidirectional override (which can make a line read other than it is).

/// `text` with every control character (but `\n` and `\t`) and every bidirectional control
/// written as a visible `\u{…}` escape.
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let bidi = matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        if (c.is_control() && c != '\n' && c != '\t') || bidi {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::printable;

    #[test]
    fn escape_sequences_are_shown_not_obeyed() {
        let label = "Payroll\u{1b}]0;pwned\u{7}\u{1b}[2J\r\u{9b}31m\u{202e}txt.exe";
        let shown = printable(&format!("connection: Sandbox\n  {label}\tnot understood\n"));
        assert!(
            !shown
                .chars()
                .any(|c| (c.is_control() && c != '\n' && c != '\t') || c == '\u{202e}'),
            "no control character is left: {shown:?}"
        );
        assert!(shown.contains("Payroll\\u{1b}]0;pwned\\u{7}"), "{shown}");
        assert!(shown.contains("\\u{202e}txt.exe"), "{shown}");
        assert_eq!(
            shown.lines().count(),
            2,
            "the report's own lines stay lines"
        );
        assert_eq!(
            printable("Zoom — «SSO»"),
            "Zoom — «SSO»",
            "plain text is kept"
        );
    }
}
