use super::*;
use crate::attributes::encoding::AttributeRow;

fn row(sp_name: &str, source: Source) -> AttributeRow {
    AttributeRow {
        sp_name: sp_name.to_owned(),
        source,
        jit_required: false,
        on: true,
        origin: None,
    }
}

fn rows(rows: Vec<AttributeRow>) -> AttributeRows {
    AttributeRows {
        rows,
        ..AttributeRows::default()
    }
}

fn constant(value: &str) -> Source {
    Source::Constant(value.to_owned())
}

fn email() -> Source {
    Source::Property("email".to_owned())
}

fn codes(issues: &[RowIssue]) -> Vec<(u32, RowField, IssueCode)> {
    issues.iter().map(|i| (i.row, i.field, i.code)).collect()
}

#[test]
fn characters_a_saml_assertion_cannot_carry_are_errors_at_their_row_and_field() {
    let input = rows(vec![
        row("e\u{200B}mail", email()),
        row("\u{202E}liame", email()),
        row("first\nname", email()),
        row("x\u{FFFF}", email()),
        row("tenant", constant("acme\u{7}")),
        row("region", constant("\u{2066}eu\u{2069}")),
        row("Straße 名前 👍", constant("Ünïcode ✓")),
    ]);
    let before = input.clone();
    let issues = validate(&input, false);
    assert_eq!(
        codes(&issues),
        vec![
            (0, RowField::SpName, IssueCode::SpNameInvalidCharacter),
            (1, RowField::SpName, IssueCode::SpNameInvalidCharacter),
            (2, RowField::SpName, IssueCode::SpNameInvalidCharacter),
            (3, RowField::SpName, IssueCode::SpNameInvalidCharacter),
            (4, RowField::Source, IssueCode::ConstantInvalidCharacter),
            (5, RowField::Source, IssueCode::ConstantInvalidCharacter),
        ],
        "each unsendable character is placed at its row and field; ordinary Unicode is fine"
    );
    assert!(issues.iter().all(|i| i.severity == Severity::Error));
    assert_eq!(
        issues[0].message,
        "The SP attribute name contains an invisible zero-width character (U+200B) at \
         character 2; it cannot be sent in a SAML assertion."
    );
    assert!(
        issues[1].message.contains("text-direction") && issues[1].message.contains("U+202E"),
        "a bidi control is named as such: {}",
        issues[1].message
    );
    assert!(
        issues[2].message.contains("control character (U+000A)"),
        "{}",
        issues[2].message
    );
    assert!(
        issues[3].message.contains("XML does not allow (U+FFFF)"),
        "{}",
        issues[3].message
    );
    assert!(
        issues[5]
            .message
            .contains("at character 1 and 1 more such character"),
        "the count of the others is given: {}",
        issues[5].message
    );
    assert!(
        issues
            .iter()
            .all(|i| !i.message.chars().any(|c| Unsendable::of(c).is_some())),
        "messages never repeat the invisible characters they report"
    );
    assert_eq!(input, before, "validation does not alter what was typed");
}

#[test]
fn names_and_constants_past_their_limits_are_errors() {
    let longest_name = "n".repeat(SP_NAME_MAX_CHARS);
    let too_long_name = "é".repeat(SP_NAME_MAX_CHARS + 1);
    let longest_constant = "c".repeat(CONSTANT_MAX_CHARS);
    let too_long_constant = "c".repeat(CONSTANT_MAX_CHARS + 1);
    let input = rows(vec![
        row(&longest_name, constant(&longest_constant)),
        row(&too_long_name, constant(&too_long_constant)),
    ]);
    let issues = validate(&input, false);
    assert_eq!(
        codes(&issues),
        vec![
            (1, RowField::SpName, IssueCode::SpNameTooLong),
            (1, RowField::Source, IssueCode::ConstantTooLong),
        ],
        "the limits themselves are allowed, one character more is not"
    );
    assert_eq!(
        issues[0].message, "The SP attribute name is 257 characters long; the limit is 256.",
        "length counts characters, not bytes"
    );
    assert_eq!(
        issues[1].message,
        "The constant is 2049 characters long; the limit is 2048."
    );
}

#[test]
fn repeated_names_are_found_after_normalisation_and_case_folding() {
    let input = rows(vec![
        row("caf\u{e9}", email()),
        row("cafe\u{301}", email()),
        row("Straße", email()),
        row("STRASSE", email()),
        row("CAFE\u{301}", email()),
    ]);
    let issues = validate(&input, false);
    assert_eq!(
        codes(&issues),
        vec![
            (1, RowField::SpName, IssueCode::RepeatedSpName),
            (3, RowField::SpName, IssueCode::RepeatedSpNameCase),
            (4, RowField::SpName, IssueCode::RepeatedSpNameCase),
        ],
        "composed and decomposed accents are one name; full case folding maps ß to ss"
    );
    assert_eq!(
        issues[0].message,
        "Row 1 already sends \"caf\u{e9}\", which looks the same but is written with \
         different Unicode characters."
    );
    assert!(issues[2].message.contains("Row 1"), "{}", issues[2].message);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// The characters this module promises to refuse, written out on their own
    /// so the property does not trust the code under test.
    fn refused(c: char) -> bool {
        c.is_control()
            || matches!(c,
                '\u{FFFE}' | '\u{FFFF}'
                | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}'
                | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
    }

    fn any_char() -> impl Strategy<Value = char> {
        prop_oneof![
            3 => any::<char>(),
            3 => proptest::char::range('a', 'z'),
            1 => Just(' '),
            2 => prop::sample::select(vec![
                '\u{0}', '\t', '\n', '\r', '\u{1F}', '\u{7F}', '\u{85}', '\u{9F}',
                '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}',
                '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}',
                '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}',
                '\u{FFFE}', '\u{FFFF}', '\u{301}', 'ß', 'É', '\u{10FFFF}',
            ]),
        ]
    }

    fn text(len: std::ops::Range<usize>) -> impl Strategy<Value = String> {
        prop::collection::vec(any_char(), len).prop_map(|cs| cs.into_iter().collect())
    }

    fn source() -> impl Strategy<Value = Source> {
        prop_oneof![
            text(0..40).prop_map(Source::Constant),
            text(CONSTANT_MAX_CHARS - 2..CONSTANT_MAX_CHARS + 3).prop_map(Source::Constant),
            text(0..20).prop_map(Source::Property),
            Just(Source::Property("email".into())),
            text(0..40).prop_map(Source::Custom),
        ]
    }

    fn name() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => text(0..24),
            1 => text(SP_NAME_MAX_CHARS - 2..SP_NAME_MAX_CHARS + 3),
            1 => any::<String>(),
        ]
    }

    proptest! {
        #[test]
        fn nothing_unsendable_or_too_long_is_accepted(
            input in prop::collection::vec((name(), source(), any::<bool>()), 0..6),
            custom in any::<bool>(),
        ) {
            let rows = rows(
                input
                    .into_iter()
                    .map(|(n, s, jit)| AttributeRow { jit_required: jit, ..row(&n, s) })
                    .collect(),
            );
            let issues = validate(&rows, custom);
            let error_at = |index: usize, field: RowField| {
                issues.iter().any(|i| {
                    i.row as usize == index && i.field == field && i.severity == Severity::Error
                })
            };
            for (index, r) in rows.rows.iter().enumerate() {
                let name_bad = r.sp_name.chars().any(refused)
                    || r.sp_name.chars().count() > SP_NAME_MAX_CHARS;
                prop_assert!(
                    !name_bad || error_at(index, RowField::SpName),
                    "row {} name {:?} was accepted", index, r.sp_name
                );
                if let Source::Constant(c) = &r.source {
                    let bad = c.chars().any(refused) || c.chars().count() > CONSTANT_MAX_CHARS;
                    prop_assert!(
                        !bad || error_at(index, RowField::Source),
                        "row {} constant {:?} was accepted", index, c
                    );
                }
            }
            prop_assert!(
                issues.iter().all(|i| (i.row as usize) < rows.rows.len() && !i.message.is_empty()),
                "every issue points at a row and says something"
            );
        }
    }
}
