//! One spelling for indexed text and queries, so that matching is plain byte comparison.
//!
//! Promise: the output is lowercase, common Latin accents are folded to ASCII ("Å" -> "a",
//! "ß" -> "ss"), every run of characters that are not letters or digits becomes one ASCII space,
//! and there is no leading or trailing space. Words are therefore exactly the `' '`-separated
//! pieces, and "Custom-SAML app" and "custom saml  APP" read the same.

/// Appends the normalised form of `text` to `out` (which may already hold other text).
pub(crate) fn normalize_into(text: &str, out: &mut String) {
    let start = out.len();
    // True when the last thing written for this text was a word character; a separator is only
    // written between two words, never at either end.
    let mut in_word = false;
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                push_word_char(out, start, &mut in_word, &mut pending_space);
                out.push(c.to_ascii_lowercase());
            } else if in_word {
                pending_space = true;
                in_word = false;
            }
            continue;
        }
        if !c.is_alphanumeric() {
            if in_word {
                pending_space = true;
                in_word = false;
            }
            continue;
        }
        for lower in c.to_lowercase() {
            push_word_char(out, start, &mut in_word, &mut pending_space);
            match fold(lower) {
                Some(ascii) => out.push_str(ascii),
                None => out.push(lower),
            }
        }
    }
}

/// The normalised form of `text` as a new string.
pub(crate) fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, &mut out);
    out
}

fn push_word_char(out: &mut String, start: usize, in_word: &mut bool, pending_space: &mut bool) {
    if *pending_space && out.len() > start {
        out.push(' ');
    }
    *pending_space = false;
    *in_word = true;
}

/// ASCII spelling of the accented lowercase letters common in vendor names.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'ł' | 'ľ' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' => "r",
        'ś' | 'š' | 'ş' => "s",
        'ß' => "ss",
        'ť' | 'ţ' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn folds_case_accents_and_separators() {
        assert_eq!(
            normalize("  Custom-SAML  app!! "),
            "custom saml app",
            "separators collapse to one space, ends are trimmed"
        );
        assert_eq!(normalize("Zoom"), "zoom");
        assert_eq!(
            normalize("Straße Café Ørsted"),
            "strasse cafe orsted",
            "Latin accents fold to ASCII so an admin can type without them"
        );
        assert_eq!(normalize("Salesforce.com"), "salesforce com");
        assert_eq!(
            normalize("--"),
            "",
            "text with no word characters normalises to nothing"
        );
        assert_eq!(
            normalize("日本 App"),
            "日本 app",
            "letters outside Latin are kept, lowercased where they have case"
        );
    }
}
