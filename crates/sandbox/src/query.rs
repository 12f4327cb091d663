//! JumpCloud's list parameters: `limit`, `skip`, `sort`, `filter`, `fields` (and v1 `search`),
//! applied to raw JSON documents.
//!
//! Promises: `limit` defaults to 10, is capped at 100 (above is a 400, as JumpCloud answers) and
//! `limit=0` gives an empty page with the true total; sorting is stable (ties keep insertion
//! order), so paging by a sort key neither skips nor repeats; filters on an array field match when
//! any element matches (Mongo's rule, so `keywords:$eq:video` finds templates tagged "video").

use std::borrow::Cow;
use std::cmp::Ordering;

use serde_json::{Map, Value};

use crate::doc::{self, Doc};
use crate::http::ApiError;
use crate::store::DocRef;

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

    /// The page of `items` this query asks for, and how many matched in all.
    ///
    /// A document is read only as far as the query needs: not at all to page in insertion order
    /// or by id (its id is known), only the fields filtered or sorted on otherwise, and whole only
    /// on the page when `fields` projects it.
    pub(crate) fn apply<'a, I: Item<'a>>(
        &self,
        items: impl IntoIterator<Item = I>,
    ) -> (Vec<Doc>, usize) {
        let mut heads: Vec<&str> = self
            .filters
            .iter()
            .map(|f| f.field.as_str())
            .chain(self.sort.iter().map(|(field, _)| field.as_str()))
            .map(|path| path.split('.').next().unwrap_or(path))
            .collect();
        heads.sort_unstable();
        heads.dedup();
        let reads_all = !self.filters.is_empty() || self.search.is_some();
        let mut matched: Vec<I> = Vec::new();
        // `self.sort.len()` keys per matched item, in `matched`'s order.
        let mut keys: Vec<SortKey<'a>> = Vec::new();
        for item in items {
            let known: Vec<Option<&'a str>> = self
                .sort
                .iter()
                .map(|(field, _)| item.known(field))
                .collect();
            if reads_all || known.iter().any(Option::is_none) {
                let (doc, found) = item.fields(&heads, self.search.as_deref());
                if !found || !self.filters.iter().all(|f| f.matches(&doc)) {
                    continue;
                }
                for ((field, _), known) in self.sort.iter().zip(&known) {
                    keys.push(match known {
                        Some(s) => SortKey::Text(Cow::Borrowed(s)),
                        None => SortKey::of(lookup(&doc, field)),
                    });
                }
            } else {
                keys.extend(
                    known
                        .into_iter()
                        .flatten()
                        .map(|s| SortKey::Text(Cow::Borrowed(s))),
                );
            }
            matched.push(item);
        }
        let total = matched.len();
        let mut order: Vec<usize> = (0..total).collect();
        let width = self.sort.len();
        if width > 0 {
            // `sort_by` is stable: equal keys keep insertion order.
            order.sort_by(|&a, &b| {
                let (ka, kb) = (&keys[a * width..][..width], &keys[b * width..][..width]);
                self.sort
                    .iter()
                    .zip(ka.iter().zip(kb))
                    .map(|((_, desc), (x, y))| {
                        let o = x.cmp(y);
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
        let page = order
            .into_iter()
            .skip(self.skip)
            .take(self.limit)
            .map(|i| self.project(&matched[i]))
            .collect();
        (page, total)
    }

    /// `fields` projection; the id is always kept.
    pub(crate) fn project<'a>(&self, item: &impl Item<'a>) -> Doc {
        let Some(fields) = &self.fields else {
            return item.text();
        };
        let doc = item.whole();
        let mut out = Map::new();
        if let Some(id) = doc.get(self.id_key) {
            out.insert(self.id_key.to_string(), id.clone());
        }
        for field in fields {
            if let Some(v) = lookup(&doc, field) {
                insert_path(&mut out, field, v.clone());
            }
        }
        doc::doc(&Value::Object(out))
    }
}

/// What a list reads of the things it pages: stored documents (kept as text) or values built for
/// the answer (the graph's traversals).
pub(crate) trait Item<'a> {
    /// The string at `path` when it is known without reading the document; `None` says nothing.
    fn known(&self, path: &str) -> Option<&'a str>;
    /// At least the top-level fields in `heads`, and whether `needle` (lower case) is in a
    /// top-level string field, ignoring case (true without a needle).
    fn fields(&self, heads: &[&str], needle: Option<&str>) -> (Cow<'a, Value>, bool);
    fn whole(&self) -> Cow<'a, Value>;
    /// The item as served whole.
    fn text(&self) -> Doc;
}

impl<'a> Item<'a> for &'a Value {
    fn known(&self, path: &str) -> Option<&'a str> {
        lookup(self, path).and_then(Value::as_str)
    }
    fn fields(&self, _: &[&str], needle: Option<&str>) -> (Cow<'a, Value>, bool) {
        (
            Cow::Borrowed(self),
            needle.is_none_or(|n| searches(self, n)),
        )
    }
    fn whole(&self) -> Cow<'a, Value> {
        Cow::Borrowed(self)
    }
    fn text(&self) -> Doc {
        doc::doc(self)
    }
}

impl<'a> Item<'a> for DocRef<'a> {
    fn known(&self, path: &str) -> Option<&'a str> {
        self.id.filter(|_| path == self.key)
    }
    fn fields(&self, heads: &[&str], needle: Option<&str>) -> (Cow<'a, Value>, bool) {
        let (fields, found) = doc::pick(self.doc, heads, needle);
        (Cow::Owned(fields), found)
    }
    fn whole(&self) -> Cow<'a, Value> {
        Cow::Owned(doc::parse(self.doc))
    }
    fn text(&self) -> Doc {
        self.doc.to_owned()
    }
}

/// A value as the sort orders it: missing and null first, then booleans, numbers, strings,
/// anything else (arrays and objects, all equal).
#[derive(Debug)]
enum SortKey<'a> {
    Low,
    Bool(bool),
    Number(Option<f64>),
    Text(Cow<'a, str>),
    High,
}

impl SortKey<'_> {
    fn of(v: Option<&Value>) -> Self {
        match v {
            None | Some(Value::Null) => SortKey::Low,
            Some(Value::Bool(b)) => SortKey::Bool(*b),
            Some(Value::Number(n)) => SortKey::Number(n.as_f64()),
            Some(Value::String(s)) => SortKey::Text(Cow::Owned(s.clone())),
            Some(_) => SortKey::High,
        }
    }

    fn rank(&self) -> u8 {
        match self {
            SortKey::Low => 0,
            SortKey::Bool(_) => 1,
            SortKey::Number(_) => 2,
            SortKey::Text(_) => 3,
            SortKey::High => 4,
        }
    }

    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (SortKey::Bool(x), SortKey::Bool(y)) => x.cmp(y),
            (SortKey::Number(x), SortKey::Number(y)) => x.partial_cmp(y).unwrap_or(Ordering::Equal),
            (SortKey::Text(x), SortKey::Text(y)) => x.cmp(y),
            _ => self.rank().cmp(&other.rank()),
        }
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
        o.values()
            .any(|v| v.as_str().is_some_and(|s| doc::contains_folded(s, needle)))
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
        assert_eq!(
            (total, page[0].get()),
            (1, r#"{"_id":"1","keywords":["video","zoom"]}"#)
        );
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

    /// A stored document that counts how often the query reads it.
    struct Counted<'a> {
        id: &'a str,
        value: &'a Value,
        reads: &'a std::cell::Cell<usize>,
    }

    impl<'a> Item<'a> for Counted<'a> {
        fn known(&self, path: &str) -> Option<&'a str> {
            (path == "_id").then_some(self.id)
        }
        fn fields(&self, _: &[&str], needle: Option<&str>) -> (Cow<'a, Value>, bool) {
            self.reads.set(self.reads.get() + 1);
            (
                Cow::Borrowed(self.value),
                needle.is_none_or(|n| searches(self.value, n)),
            )
        }
        fn whole(&self) -> Cow<'a, Value> {
            self.reads.set(self.reads.get() + 1);
            Cow::Borrowed(self.value)
        }
        fn text(&self) -> Doc {
            doc::doc(self.value)
        }
    }

    #[test]
    fn a_plain_page_reads_only_what_it_projects() {
        let ids: Vec<String> = (0..1_000)
            .map(|i| format!("{:04}", (i * 7) % 1_000))
            .collect();
        let docs: Vec<Value> = ids
            .iter()
            .map(|id| json!({"_id": id, "name": format!("n{id}")}))
            .collect();
        let reads = std::cell::Cell::new(0);
        let run = |query: &str| {
            reads.set(0);
            let items = ids.iter().zip(&docs).map(|(id, value)| Counted {
                id,
                value,
                reads: &reads,
            });
            let (page, total) = q(query, Dialect::V1).expect("valid").apply(items);
            let first = page.first().map(|d| doc::parse(d)["_id"].clone());
            (reads.get(), page.len(), total, first)
        };
        assert_eq!(
            run("limit=10&skip=20"),
            (0, 10, 1_000, Some(json!(ids[20])))
        );
        assert_eq!(run("sort=-_id&limit=5"), (0, 5, 1_000, Some(json!("0999"))));
        assert_eq!(
            run("sort=_id&skip=3&limit=4&fields=name"),
            (4, 4, 1_000, Some(json!("0003"))),
            "only the page is read, to project it"
        );
        assert_eq!(
            run("sort=name&limit=1"),
            (1_000, 1, 1_000, Some(json!("0000"))),
            "a sort on another field reads every document"
        );
        assert_eq!(
            run("filter=name:$eq:n0500"),
            (1_000, 1, 1, Some(json!("0500")))
        );
    }
}
