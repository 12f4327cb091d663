//! Column storage for user values: one column per property or custom attribute name, one cell per
//! user, all text of a column in one arena. It exists so that the readiness loop over tens of
//! thousands of users reads a bit per (user, attribute) instead of chasing strings, and so that a
//! snapshot of a large organisation costs a handful of allocations per column rather than one per
//! value.
//!
//! Promise: a cell reads back exactly the text that was stored (empty when nothing was), and its
//! `filled` bit is set exactly when that text is not blank (whitespace only counts as blank, the
//! way a service provider's JIT check sees it).

use std::collections::HashMap;
use std::sync::Arc;

use super::ReadinessError;

/// Index of a user in a snapshot (dense, in the order users were added).
pub(crate) type UserIndex = u32;

/// A fixed-size set of user indices (or group indices) as a bitset.
#[derive(Debug, Clone, Default)]
pub(crate) struct IndexSet {
    words: Vec<u64>,
}

impl IndexSet {
    pub(crate) fn with_len(len: usize) -> Self {
        Self {
            words: vec![0; len.div_ceil(64)],
        }
    }

    /// Sets the bit and says whether it was newly set.
    #[inline]
    pub(crate) fn insert(&mut self, index: u32) -> bool {
        let (word, bit) = (index as usize >> 6, 1u64 << (index & 63));
        match self.words.get_mut(word) {
            Some(w) if *w & bit == 0 => {
                *w |= bit;
                true
            }
            _ => false,
        }
    }

    #[inline]
    pub(crate) fn contains(&self, index: u32) -> bool {
        self.words
            .get(index as usize >> 6)
            .is_some_and(|w| w & (1u64 << (index & 63)) != 0)
    }

    pub(crate) fn clear(&mut self) {
        self.words.iter_mut().for_each(|w| *w = 0);
    }

    /// Members in ascending order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.words.iter().enumerate().flat_map(|(i, &word)| {
            let mut rest = word;
            std::iter::from_fn(move || {
                if rest == 0 {
                    return None;
                }
                let bit = rest.trailing_zeros();
                rest &= rest - 1;
                Some((i as u32) << 6 | bit)
            })
        })
    }
}

/// One property's (or custom attribute's) values for every user.
#[derive(Debug, Default)]
pub(crate) struct Column {
    arena: String,
    /// (start, end) byte offsets into `arena`; (0, 0) for a user without a value.
    spans: Vec<(u32, u32)>,
    filled: IndexSet,
}

impl Column {
    /// The text the user has in this column ("" when none).
    #[inline]
    pub(crate) fn text(&self, user: UserIndex) -> &str {
        match self.spans.get(user as usize) {
            Some(&(start, end)) => self.arena.get(start as usize..end as usize).unwrap_or(""),
            None => "",
        }
    }

    /// Whether the user's value is present and not blank.
    #[inline]
    pub(crate) fn is_filled(&self, user: UserIndex) -> bool {
        self.filled.contains(user)
    }

    fn set(&mut self, user: UserIndex, value: &str) -> Result<(), ReadinessError> {
        let start = self.arena.len();
        let end = start + value.len();
        let (Ok(start32), Ok(end32)) = (u32::try_from(start), u32::try_from(end)) else {
            return Err(ReadinessError::SnapshotTooLarge);
        };
        let slot = user as usize;
        if self.spans.len() <= slot {
            self.spans.resize(slot + 1, (0, 0));
        }
        self.arena.push_str(value);
        self.spans[slot] = (start32, end32);
        if !value.trim().is_empty() {
            if self.filled.words.len() <= slot >> 6 {
                self.filled.words.resize((slot >> 6) + 1, 0);
            }
            self.filled.insert(user);
        }
        Ok(())
    }

    fn finish(&mut self, users: usize) {
        self.spans.resize(users, (0, 0));
        self.filled.words.resize(users.div_ceil(64), 0);
        self.arena.shrink_to_fit();
    }
}

/// Index of a column in a [`Columns`] table.
pub(crate) type ColumnId = u32;

/// A set of columns addressed by name, names interned once.
#[derive(Debug, Default)]
pub(crate) struct Columns {
    by_name: HashMap<Arc<str>, ColumnId>,
    columns: Vec<Column>,
}

impl Columns {
    pub(crate) fn id(&self, name: &str) -> Option<ColumnId> {
        self.by_name.get(name).copied()
    }

    pub(crate) fn get(&self, id: ColumnId) -> Option<&Column> {
        self.columns.get(id as usize)
    }

    /// Stores a user's value under `name` (a later value for the same user replaces it).
    pub(crate) fn set(
        &mut self,
        name: &str,
        user: UserIndex,
        value: &str,
    ) -> Result<(), ReadinessError> {
        let id = match self.by_name.get(name) {
            Some(&id) => id,
            None => {
                let id = ColumnId::try_from(self.columns.len())
                    .map_err(|_| ReadinessError::SnapshotTooLarge)?;
                self.by_name.insert(Arc::from(name), id);
                self.columns.push(Column::default());
                id
            }
        };
        match self.columns.get_mut(id as usize) {
            Some(column) => column.set(user, value),
            None => Err(ReadinessError::SnapshotTooLarge),
        }
    }

    pub(crate) fn finish(&mut self, users: usize) {
        self.columns.iter_mut().for_each(|c| c.finish(users));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_set_iterates_in_order_and_counts() {
        let mut set = IndexSet::with_len(200);
        for i in [150, 3, 64, 63, 3] {
            set.insert(i);
        }
        assert_eq!(set.iter().collect::<Vec<_>>(), vec![3, 63, 64, 150]);
        assert!(!set.insert(500), "out of range indices are not members");
    }

    #[test]
    fn columns_keep_text_and_mark_blank_values_unfilled() {
        let mut columns = Columns::default();
        columns.set("lastname", 0, "Doe").unwrap();
        columns.set("lastname", 2, "   ").unwrap();
        columns.finish(4);
        let id = columns.id("lastname").unwrap();
        let column = columns.get(id).unwrap();
        assert_eq!(column.text(0), "Doe");
        assert!(column.is_filled(0));
        assert_eq!(column.text(1), "", "a user without the value reads empty");
        assert!(!column.is_filled(1));
        assert_eq!(
            column.text(2),
            "   ",
            "the stored text is kept for the preview"
        );
        assert!(!column.is_filled(2), "whitespace only is blank");
        assert!(!column.is_filled(3));
    }
}
