//! Catalog search: which connectors (JumpCloud application templates) match what the admin types
//! in "Search the catalog", and which of them support JIT or SCIM.
//!
//! Why it exists: the search runs on every keystroke over every template of the organisation's
//! region (thousands), so it runs here, over an index built once per download, rather than in
//! the UI over the raw JSON.
//!
//! What it promises:
//! - Ranking: an exact display name or name first, then prefixes (of a field or of a word in it),
//!   then substrings, then all query words found as word prefixes in any order, then matches with
//!   typos (one typo for query words of 4-7 letters, two from 8, when the first letter is right or
//!   swapped with the second), then, for several words, entries with only some of them (most
//!   first). Display name, name and keywords are searched; within a tier a display-name match
//!   beats a name match beats a keyword match.
//! - Order is total and deterministic: score, then shorter display name, then alphabetical.
//! - The empty query lists every connector the filter lets through, in display-name order.
//! - End-of-life connectors are hidden unless the filter asks for them.
//! - The custom "SAML 2.0 connector" (template name [`CUSTOM_SAML_TEMPLATE_NAME`]) is always
//!   offered when the catalog has it and the filter lets it through: first for the empty query;
//!   otherwise at its natural rank when it is among the best `limit` matches, else last (taking
//!   the last slot when the list is full, unless `limit` is 1: a single row goes to the best
//!   match). Filters still apply to it, because a filter is a promise about every row shown.
//! - The index can be saved to and loaded from disk; a cache that is missing, unreadable, corrupt
//!   or of another format version is a [`crate::profile::StoreError`] that means "download and
//!   rebuild".

mod cache;
mod connection;
mod entry;
mod index;
mod normalize;
mod search;
mod words;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use cache::{CACHE_FILE, CACHE_FORMAT_VERSION};
pub use connection::{CatalogSource, Catalogs, ConnectionCatalog};
pub use entry::{CatalogEntry, TemplateStatus, CUSTOM_SAML_TEMPLATE_NAME};
pub use index::CatalogIndex;

/// What the admin narrowed the catalog to. The default shows every connector except end-of-life.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct CatalogFilter {
    /// Only connectors whose template supports JIT (`sso.jit`).
    pub jit_only: bool,
    /// Only connectors that can provision by SCIM (`provision` present).
    pub scim_only: bool,
    /// Also show connectors JumpCloud has retired (`status: end_of_life`).
    pub include_end_of_life: bool,
}

/// Which field of the entry the query matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum MatchedField {
    DisplayName,
    Name,
    Keyword,
}

/// How an entry came to be in the results, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum MatchKind {
    /// The display name or name equals the query.
    Exact,
    /// A field, or a word in it, starts with the query.
    Prefix,
    /// A field contains the query elsewhere.
    Substring,
    /// Every query word starts a word of the entry, in some other order.
    Words,
    /// Every query word starts a word of the entry, allowing typos (see `typos`).
    Fuzzy,
    /// Some, not all, of several query words start a word of the entry (typos allowed).
    SomeWords,
    /// The query was empty: the entry is listed, not matched.
    Browse,
    /// The custom SAML connector, offered although it did not match.
    Fallback,
}

/// One row of the results. Borrowed from the index: no strings are copied per query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CatalogHit<'a> {
    /// Position of the entry in [`CatalogIndex::entries`].
    pub position: u32,
    pub entry: &'a CatalogEntry,
    /// Higher is better; only meaningful to compare hits of one query.
    pub score: u32,
    pub kind: MatchKind,
    /// The field that matched; `None` for [`MatchKind::Browse`] and [`MatchKind::Fallback`].
    pub field: Option<MatchedField>,
    /// Typos tolerated to match (only [`MatchKind::Fuzzy`] has any).
    pub typos: u8,
}
