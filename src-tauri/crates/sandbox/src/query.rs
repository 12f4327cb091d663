//! JumpCloud's list parameters: `limit`, `skip`, `sort`, `filter`, `fields` (and v1 `search`),
//! applied to raw JSON documents.
//!
//! Promises: `limit` defaults to 10, is capped at 100 (above is a 400, as JumpCloud answers) and
//! `limit=0` gives an empty page with the true total; sorting is stable (ties keep insertion
//! order), so paging by a sort key neither skips nor repeats; filters on an array field match when
//! any element matches (Mongo's rule, so `keywords:$eq:video` finds templates tagged "video").

use std::cmp::Ordering;

use serde_json::{Map, Value};

use crate::http::ApiError;

pub(crate) const DEFAULT_LIMIT: usize = 10;
pub(crate) const MAX_LIMIT: usize = 100;

/// v1 spells operators `$eq`, v2 `eq`; v1 separates `fields` with spaces, v2 with commas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    V1,
    V2,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
    Search,
    In,
}

#[derive(Debug, Clone)]
struct Filter {
    field: String,
    op: Op,
    value: String,
}

#[derive(Debug, Clone)]
pub(crate) struct ListQuery {
    pub(crate) limit: usize,
    pub(crate) skip: usize,
    sort: Vec<(String, bool)>,
    filters: Vec<Filter>,
    fields: Option<Vec<String>>,
    search: Option<String>,
    id_key: &'static str,
}

/// The decoded `key=value` pairs of a query string, repeated keys kept.
pub(crate) fn pairs(raw: Option<&str>) -> Vec<(String, String)> {
    raw.map(|q| {
        url::form_urlencoded::parse(q.as_bytes())
            .into_owned()
            .collect()
    })
    .unwrap_or_default()
}

pub(crate) fn param<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

impl ListQuery {
    pub(crate) fn parse(pairs: &[(String, String)], dialect: Dialect) -> Result<Self, ApiError> {
        let number = |key: &str, default: usize| -> Result<usize, ApiError> {
            match param(pairs, key) {
                None | Some("") => Ok(default),
                Some(s) => s.trim().parse::<usize>().map_err(|_| {
                    ApiError::bad_request(format!(
                        "{key} must be a non-negative integer, got {s:?}"
                    ))
                }),
            }
        };
        let limit = number("limit", DEFAULT_LIMIT)?;
        if limit > MAX_LIMIT {
            return Err(ApiError::bad_request(format!(
                "limit must be less than or equal to {MAX_LIMIT}"
            )));
        }
        let skip = number("skip", 0)?;
        let sort = pairs
            .iter()
            .filter(|(k, _)| k == "sort")
            .flat_map(|(_, v)| split_list(v))
            .map(|s| match s.strip_prefix('-') {
                Some(field) => (field.to_string(), true),
                None => (s.to_string(), false),
            })
            .collect();
        let filters = pairs
            .iter()
            .filter(|(k, v)| k == "filter" && !v.is_empty())
            .map(|(_, v)| parse_filter(v, dialect))
            .collect::<Result<Vec<_>, _>>()?;
        let fields = param(pairs, "fields")
            .map(split_list)
            .filter(|f| !f.is_empty())
            .map(|f| f.into_iter().map(str::to_string).collect());
        let search = param(pairs, "search")
            .filter(|s| dialect == Dialect::V1 && !s.is_empty())
            .map(str::to_lowercase);
        let id_key = if dialect == Dialect::V1 { "_id" } else { "id" };
        Ok(Self {
            limit,
            skip,
            sort,
            filters,
            fields,
            search,
            id_key,
        })
    }

    /// The page of `docs` this query asks for, and how many documents matched in all.
    pub(crate) fn apply<'a>(
        &self,
        docs: impl IntoIterator<Item = &'a Value>,
    ) -> (Vec<Value>, usize) {
        let mut matched: Vec<&Value> = docs
            .into_iter()
            .filter(|d| self.filters.iter().all(|f| f.matches(d)))
            .filter(|d| self.search.as_deref().is_none_or(|s| searches(d, s)))
            .collect();
        if !self.sort.is_empty() {
            // `sort_by` is stable: equal keys keep insertion order.
            matched.sort_by(|a, b| {
                self.sort
                    .iter()
                    .map(|(field, desc)| {
                        let o = compare(lookup(a, field), lookup(b, field));
                        if *desc {
                            o.reverse()
                        } else {
                            o
                        }
                    })
                    .find(|o| *o != Ordering::Equal)
                    .unwrap_or(Ordering::Equal)
            });
        }
        let total = matched.len();
        let page = matched
            .into_iter()
            .skip(self.skip)
            .take(self.limit)
            .map(|d| self.project(d))
            .collect();
        (page, total)
    }

    /// `fields` projection; the id is always kept.
    pub(crate) fn project(&self, doc: &Value) -> Value {
        let Some(fields) = &self.fields else {
            return doc.clone();
        };
        let mut out = Map::new();
        if let Some(id) = doc.get(self.id_key) {
            out.insert(self.id_key.to_string(), id.clone());
        }
        for field in fields {
            if let Some(v) = lookup(doc, field) {
                insert_path(&mut out, field, v.clone());
            }
        }
        Value::Object(out)
    }
}

/// Splits `a b,c` into its items (v1 separates with spaces, v2 with commas; both accepted).
fn split_list(s: &str) -> Vec<&str> {
    s.split([',', ' '])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

fn parse_filter(raw: &str, dialect: Dialect) -> Result<Filter, ApiError> {
    let bad = || {
        ApiError::bad_request(match dialect {
            Dialect::V1 => format!("invalid filter {raw:?}: expected field:$op:value"),
            Dialect::V2 => format!("invalid filter {raw:?}: expected field:op:value"),
        })
    };
    let mut parts = raw.splitn(3, ':');
    let (Some(field), Some(op), Some(value)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(bad());
    };
    let op = match dialect {
        Dialect::V1 => op.strip_prefix('$').ok_or_else(bad)?,
        Dialect::V2 => op,
    };
    let op = match op {
        "eq" => Op::Eq,
        "ne" => Op::Ne,
        "gt" => Op::Gt,
        "ge" | "gte" => Op::Ge,
        "lt" => Op::Lt,
        "le" | "lte" => Op::Le,
        "search" | "regex" => Op::Search,
        "in" => Op::In,
        _ => return Err(bad()),
    };
    if field.is_empty() {
        return Err(bad());
    }
    Ok(Filter {
        field: field.to_string(),
        op,
        value: value.to_string(),
    })
}

impl Filter {
    fn matches(&self, doc: &Value) -> bool {
        let v = lookup(doc, &self.field);
        match self.op {
            Op::Eq => any(v, |x| equals(x, &self.value)),
            Op::Ne => !any(v, |x| equals(x, &self.value)),
            Op::In => any(v, |x| self.value.split('|').any(|want| equals(x, want))),
            Op::Search => {
                let want = self.value.to_lowercase();
                any(v, |x| {
                    x.as_str().is_some_and(|s| s.to_lowercase().contains(&want))
                })
            }
            Op::Gt => any(v, |x| order(x, &self.value) == Some(Ordering::Greater)),
            Op::Ge => any(v, |x| {
                matches!(
                    order(x, &self.value),
                    Some(Ordering::Greater | Ordering::Equal)
                )
            }),
            Op::Lt => any(v, |x| order(x, &self.value) == Some(Ordering::Less)),
            Op::Le => any(v, |x| {
                matches!(
                    order(x, &self.value),
                    Some(Ordering::Less | Ordering::Equal)
                )
            }),
        }
    }
}

/// True when `v` (or, for an array, any element) satisfies `f`.
fn any(v: Option<&Value>, f: impl Fn(&Value) -> bool) -> bool {
    match v {
        Some(Value::Array(items)) => items.iter().any(&f),
        Some(x) => f(x),
        None => false,
    }
}

fn equals(x: &Value, want: &str) -> bool {
    match x {
        Value::String(s) => s == want,
        Value::Bool(b) => want.parse::<bool>().ok() == Some(*b),
        Value::Number(n) => n
            .as_f64()
            .zip(want.parse::<f64>().ok())
            .is_some_and(|(a, b)| a == b),
        Value::Null => want == "null",
        _ => false,
    }
}

fn order(x: &Value, want: &str) -> Option<Ordering> {
    match x {
        Value::String(s) => Some(s.as_str().cmp(want)),
        Value::Number(n) => n
            .as_f64()
            .zip(want.parse::<f64>().ok())
            .and_then(|(a, b)| a.partial_cmp(&b)),
        _ => None,
    }
}

/// v1 `search`: a case-insensitive substring of any top-level string field.
fn searches(doc: &Value, needle: &str) -> bool {
    doc.as_object().is_some_and(|o| {
        o.values().any(|v| {
            v.as_str()
                .is_some_and(|s| s.to_lowercase().contains(needle))
        })
    })
}

/// A field by dotted path (`sso.jit`).
pub(crate) fn lookup<'a>(doc: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(doc, |v, key| v.get(key))
}

fn insert_path(out: &mut Map<String, Value>, path: &str, v: Value) {
    match path.split_once('.') {
        None => {
            out.insert(path.to_string(), v);
        }
        Some((head, rest)) => {
            let slot = out
                .entry(head.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(inner) = slot {
                insert_path(inner, rest, v);
            }
        }
    }
}

/// Sort order: missing and null first, then booleans, numbers, strings, anything else.
fn compare(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    fn rank(v: Option<&Value>) -> u8 {
        match v {
            None | Some(Value::Null) => 0,
            Some(Value::Bool(_)) => 1,
            Some(Value::Number(_)) => 2,
            Some(Value::String(_)) => 3,
            Some(_) => 4,
        }
    }
    match (a, b) {
        (Some(Value::Bool(x)), Some(Value::Bool(y))) => x.cmp(y),
        (Some(Value::Number(x)), Some(Value::Number(y))) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(Ordering::Equal),
        (Some(Value::String(x)), Some(Value::String(y))) => x.cmp(y),
        _ => rank(a).cmp(&rank(b)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn q(s: &str, d: Dialect) -> Result<ListQuery, ApiError> {
        ListQuery::parse(&pairs(Some(s)), d)
    }

    #[test]
    fn array_fields_match_any_element() {
        let docs = [
            json!({"_id": "1", "keywords": ["video", "zoom"]}),
            json!({"_id": "2", "keywords": ["chat"]}),
        ];
        let (page, total) = q("filter=keywords:$eq:video", Dialect::V1)
            .expect("valid")
            .apply(&docs);
        assert_eq!((total, page[0]["_id"].as_str()), (1, Some("1")));
    }

    #[test]
    fn bad_filters_and_limits_are_rejected() {
        assert!(
            q("filter=name:eq:x", Dialect::V1).is_err(),
            "v1 needs the $ on operators"
        );
        assert!(
            q("filter=name:$eq:x", Dialect::V2).is_err(),
            "v2 has no $ on operators"
        );
        assert!(
            q("limit=101", Dialect::V1).is_err(),
            "limit is capped at 100"
        );
        assert!(q("skip=-1", Dialect::V2).is_err());
    }
}
