//! Several ACS URLs in one field. Custom SAML applications can hold a JSON list *inside the
//! string* `config.acsUrl.value`: `[{"index": "0", "isDefault": "true", "url": "https://…"}]`
//! (loadsmart/terraform-provider-jumpcloud writes and reads it so, with `index` and `isDefault` as
//! strings; the portal shows "ACS URLs: Add URL"; see `shared/jumpcloud-api/wire-evidence.md`).
//! Catalog connectors hold one plain URL there.
//!
//! Promises: a value is written back in the encoding it came in. A plain string stays a plain
//! string (that is the settings' business: a plain field is a URL field); a list stays a JSON
//! string holding a list, each entry keeping its keys, their order and their JSON types (`"0"`
//! stays a string, `true` a boolean), and an unchanged list is the very same text.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One ACS URL of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AcsUrl {
    pub url: String,
    /// The one the service provider uses when a request names none. Exactly one entry is the
    /// default in a list that can be saved.
    pub is_default: bool,
    /// The entry's `index` (SAML's `AssertionConsumerServiceIndex`); `None` for a new entry,
    /// which is given the next free one when written.
    pub index: Option<u32>,
}

impl AcsUrl {
    fn of(entry: &Map<String, Value>) -> Option<Self> {
        let url = entry.get("url")?.as_str()?.to_owned();
        let is_default = match entry.get("isDefault") {
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s)) => s.trim().eq_ignore_ascii_case("true"),
            Some(Value::Number(n)) => n.as_u64() == Some(1),
            _ => false,
        };
        let index = match entry.get("index") {
            Some(Value::Number(n)) => n.as_u64().and_then(|i| u32::try_from(i).ok()),
            Some(Value::String(s)) => s.trim().parse().ok(),
            _ => None,
        };
        Some(AcsUrl {
            url,
            is_default,
            index,
        })
    }
}

/// The entries of a list-in-a-string value; `None` when `text` is not one (a plain URL, or text
/// that is not a JSON list of objects each with a string `url`).
pub fn parse_acs_list(text: &str) -> Option<Vec<AcsUrl>> {
    let trimmed = text.trim();
    if !trimmed.starts_with('[') {
        return None;
    }
    let items: Vec<Value> = serde_json::from_str(trimmed).ok()?;
    items
        .iter()
        .map(|item| item.as_object().and_then(AcsUrl::of))
        .collect()
}

/// The entries of `current` (a list-in-a-string) as JSON objects, if it is one.
fn entries_of(current: &str) -> Vec<Map<String, Value>> {
    serde_json::from_str::<Vec<Value>>(current.trim())
        .ok()
        .into_iter()
        .flatten()
        .filter_map(|v| match v {
            Value::Object(m) => Some(m),
            _ => None,
        })
        .collect()
}

/// `flag` in the JSON type `like` has (a boolean, `"true"`/`"false"`, or 1/0); a string when
/// there is nothing to follow, as the only public writer does.
fn flag_like(like: Option<&Value>, flag: bool) -> Value {
    match like {
        Some(Value::Bool(_)) => Value::Bool(flag),
        Some(Value::Number(_)) => Value::from(u8::from(flag)),
        _ => Value::String(flag.to_string()),
    }
}

/// `index` in the JSON type `like` has; a string when there is nothing to follow.
fn index_like(like: Option<&Value>, index: u32) -> Value {
    match like {
        Some(Value::Number(_)) => Value::from(index),
        _ => Value::String(index.to_string()),
    }
}

/// The list `entries` written as a list-in-a-string in the style of `current` (the value the
/// field holds now). Unchanged entries keep their text; an entry is matched to the one of
/// `current` with the same URL (else the same index), keeping that entry's keys, their order,
/// their types and any key SSO Desk does not know; a new entry follows the first entry's keys and
/// types (`index`, `isDefault`, `url`, as strings, when `current` has none). An entry without an
/// index takes the next free one.
pub fn encode_acs_list(current: &str, entries: &[AcsUrl]) -> String {
    if parse_acs_list(current).as_deref() == Some(entries) {
        return current.to_owned();
    }
    let originals = entries_of(current);
    let style = originals.first();
    let mut used = vec![false; originals.len()];
    let mut next_index = entries
        .iter()
        .filter_map(|e| e.index)
        .max()
        .map_or(0, |i| i.saturating_add(1));
    let mut out = Vec::with_capacity(entries.len());
    for entry in entries {
        let matched = (0..originals.len())
            .find(|&i| {
                !used[i] && originals[i].get("url").and_then(Value::as_str) == Some(&entry.url)
            })
            .or_else(|| {
                (0..originals.len()).find(|&i| {
                    !used[i]
                        && entry.index.is_some()
                        && AcsUrl::of(&originals[i]).and_then(|o| o.index) == entry.index
                })
            });
        let mut map = match matched {
            Some(i) => {
                used[i] = true;
                originals[i].clone()
            }
            None => {
                let mut fresh = Map::new();
                let order: Vec<&str> = match style {
                    Some(s) => {
                        let mut keys: Vec<&str> = s
                            .keys()
                            .map(String::as_str)
                            .filter(|k| matches!(*k, "index" | "isDefault" | "url"))
                            .collect();
                        for k in ["index", "isDefault", "url"] {
                            if !keys.contains(&k) {
                                keys.push(k);
                            }
                        }
                        keys
                    }
                    None => vec!["index", "isDefault", "url"],
                };
                for k in order {
                    fresh.insert(k.to_owned(), Value::Null);
                }
                fresh
            }
        };
        let like = |key: &str| {
            map.get(key)
                .filter(|v| !v.is_null())
                .or_else(|| style.and_then(|s| s.get(key)))
                .cloned()
        };
        let index = entry.index.unwrap_or_else(|| {
            let i = next_index;
            next_index = next_index.saturating_add(1);
            i
        });
        let (index_style, flag_style) = (like("index"), like("isDefault"));
        map.insert("index".to_owned(), index_like(index_style.as_ref(), index));
        map.insert(
            "isDefault".to_owned(),
            flag_like(flag_style.as_ref(), entry.is_default),
        );
        map.insert("url".to_owned(), Value::String(entry.url.clone()));
        out.push(Value::Object(map));
    }
    serde_json::to_string(&out).unwrap_or_else(|_| current.to_owned())
}

/// Adds `url` at the end; the first URL of an empty list becomes the default.
pub fn add_acs_url(list: &mut Vec<AcsUrl>, url: impl Into<String>) {
    let is_default = list.is_empty();
    list.push(AcsUrl {
        url: url.into(),
        is_default,
        index: None,
    });
}

/// Removes the entry at `position` (nothing when there is none). When it was the default, the
/// first remaining entry becomes the default.
pub fn remove_acs_url(list: &mut Vec<AcsUrl>, position: usize) {
    if position >= list.len() {
        return;
    }
    let was_default = list.remove(position).is_default;
    if was_default && !list.iter().any(|e| e.is_default) {
        if let Some(first) = list.first_mut() {
            first.is_default = true;
        }
    }
}

/// Makes the entry at `position` the one default (nothing when there is none).
pub fn set_default_acs_url(list: &mut [AcsUrl], position: usize) {
    if position >= list.len() {
        return;
    }
    for (i, entry) in list.iter_mut().enumerate() {
        entry.is_default = i == position;
    }
}

/// What is wrong with a list of ACS URLs as a whole (each URL is checked on its own by the
/// settings): `None` when fine.
pub fn check_acs_list(list: &[AcsUrl], required: bool) -> Option<String> {
    if list.is_empty() {
        return required.then(|| "add at least one ACS URL".to_owned());
    }
    match list.iter().filter(|e| e.is_default).count() {
        0 => return Some("choose which ACS URL is the default".to_owned()),
        1 => {}
        _ => return Some("only one ACS URL can be the default".to_owned()),
    }
    for (i, e) in list.iter().enumerate() {
        if list[..i].iter().any(|o| o.url == e.url) {
            return Some(format!("{} is listed twice", e.url));
        }
        if e.index.is_some() && list[..i].iter().any(|o| o.index == e.index) {
            return Some(format!(
                "two ACS URLs have the index {}",
                e.index.unwrap_or_default()
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// As loadsmart's client writes it: index and isDefault as strings.
    const LOADSMART: &str = r#"[{"index":"0","isDefault":"true","url":"https://sp.example.com/acs/0"},{"index":"1","isDefault":"false","url":"https://sp.example.com/acs/1"}]"#;

    fn entry(url: &str, is_default: bool, index: Option<u32>) -> AcsUrl {
        AcsUrl {
            url: url.into(),
            is_default,
            index,
        }
    }

    #[test]
    fn the_list_in_a_string_is_read_and_a_plain_url_is_not_a_list() {
        assert_eq!(
            parse_acs_list(LOADSMART).unwrap(),
            [
                entry("https://sp.example.com/acs/0", true, Some(0)),
                entry("https://sp.example.com/acs/1", false, Some(1))
            ]
        );
        let typed = r#"[{"url": "https://a/1", "isDefault": true, "index": 3}]"#;
        assert_eq!(
            parse_acs_list(typed).unwrap(),
            [entry("https://a/1", true, Some(3))]
        );
        assert_eq!(parse_acs_list("https://sp.example.com/acs"), None);
        assert_eq!(parse_acs_list("[not json"), None);
        assert_eq!(parse_acs_list(r#"[{"href": "x"}]"#), None);
        assert_eq!(parse_acs_list("[]"), Some(Vec::new()));
    }

    #[test]
    fn an_unchanged_list_is_the_same_text() {
        let spaced = r#"[ {"url": "https://a/1", "isDefault": "true", "index": "0"} ]"#;
        let list = parse_acs_list(spaced).unwrap();
        assert_eq!(encode_acs_list(spaced, &list), spaced);
        assert_eq!(
            encode_acs_list(LOADSMART, &parse_acs_list(LOADSMART).unwrap()),
            LOADSMART
        );
    }

    #[test]
    fn edits_keep_each_entrys_keys_order_and_types() {
        let mut list = parse_acs_list(LOADSMART).unwrap();
        add_acs_url(&mut list, "https://sp.example.com/acs/2");
        set_default_acs_url(&mut list, 2);
        let text = encode_acs_list(LOADSMART, &list);
        assert_eq!(
            text,
            r#"[{"index":"0","isDefault":"false","url":"https://sp.example.com/acs/0"},{"index":"1","isDefault":"false","url":"https://sp.example.com/acs/1"},{"index":"2","isDefault":"true","url":"https://sp.example.com/acs/2"}]"#
        );
        assert_eq!(
            parse_acs_list(&text).unwrap()[2],
            entry("https://sp.example.com/acs/2", true, Some(2))
        );

        // Another style: typed values, another key order and a key SSO Desk does not know.
        let typed = r#"[{"url":"https://a/1","isDefault":true,"index":0,"binding":"post"},{"url":"https://a/2","isDefault":false,"index":1,"binding":"post"}]"#;
        let mut list = parse_acs_list(typed).unwrap();
        remove_acs_url(&mut list, 0);
        assert!(list[0].is_default, "the first left becomes the default");
        add_acs_url(&mut list, "https://a/3");
        assert_eq!(
            encode_acs_list(typed, &list),
            r#"[{"url":"https://a/2","isDefault":true,"index":1,"binding":"post"},{"url":"https://a/3","isDefault":false,"index":2}]"#
        );
    }

    #[test]
    fn a_list_that_cannot_be_saved_says_why() {
        let ok = [
            entry("https://a/1", true, Some(0)),
            entry("https://a/2", false, None),
        ];
        assert_eq!(check_acs_list(&ok, true), None);
        assert!(check_acs_list(&[], true).unwrap().contains("at least one"));
        assert_eq!(check_acs_list(&[], false), None);
        let none = [entry("https://a/1", false, Some(0))];
        assert!(check_acs_list(&none, true).unwrap().contains("default"));
        let two = [
            entry("https://a/1", true, Some(0)),
            entry("https://a/2", true, Some(1)),
        ];
        assert!(check_acs_list(&two, true).unwrap().contains("only one"));
        let twice = [
            entry("https://a/1", true, Some(0)),
            entry("https://a/1", false, Some(1)),
        ];
        assert!(check_acs_list(&twice, true).unwrap().contains("twice"));
        let same = [
            entry("https://a/1", true, Some(4)),
            entry("https://a/2", false, Some(4)),
        ];
        assert!(check_acs_list(&same, true).unwrap().contains("index 4"));
    }
}
