//! The page the admin was on, so the next start opens there (the window's size and position are
//! the app shell's to remember). The UI says what a page is (a short JSON text of its route); the
//! core keeps it in the profile's config folder, atomically, and hands it back as it was given.
//! Nothing is kept on the first start, so the UI opens on its first page, the Overview.

use serde::{Deserialize, Serialize};

use super::{AppError, Desk};
use crate::profile::write_atomically;

const FILE: &str = "last-page.json";
const FORMAT: u32 = 1;
/// The longest page description kept: a route is a name and an id or two.
pub const MAX_PAGE_LEN: usize = 1024;

#[derive(Serialize, Deserialize)]
struct Kept {
    format: u32,
    page: String,
}

/// The last page.
pub struct LastPage<'a>(pub(super) &'a Desk);

impl LastPage<'_> {
    /// The page kept by [`LastPage::remember`]; `None` on the first start, or when the file
    /// cannot be read (then the UI opens on its first page).
    pub fn get(&self) -> Option<String> {
        let path = self.0.profile().config_dir().join(FILE);
        let bytes = std::fs::read(path).ok()?;
        let kept: Kept = serde_json::from_slice(&bytes).ok()?;
        (kept.format == FORMAT && kept.page.len() <= MAX_PAGE_LEN).then_some(kept.page)
    }

    /// Keeps `page` for the next start.
    pub fn remember(&self, page: &str) -> Result<(), AppError> {
        if page.len() > MAX_PAGE_LEN {
            return Err(AppError::Invalid {
                message: format!("a page is described in at most {MAX_PAGE_LEN} bytes"),
                field: None,
            });
        }
        let kept = Kept {
            format: FORMAT,
            page: page.to_owned(),
        };
        let bytes = serde_json::to_vec(&kept).map_err(AppError::internal)?;
        write_atomically(&self.0.profile().config_dir().join(FILE), &bytes)
            .map_err(AppError::internal)
    }
}
