//! Where an exported file (IdP metadata, a certificate list, a readiness CSV) may be written
//! without asking: into the folder the admin chose (`--save-dir`), under the name the UI suggests.
//! The name comes from the UI, so it is checked like any input: [`file_in`] promises that the path
//! it returns is a file directly inside the folder, whatever the name held.

use std::path::{Path, PathBuf};

/// Why a suggested file name was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ExportNameError {
    #[error("the file needs a name")]
    Empty,
    #[error("a file name cannot hold a folder separator, \"..\" or \":\"")]
    LeavesFolder,
    #[error("a file name cannot hold control characters")]
    ControlCharacter,
}

/// `dir/name`, when `name` is a plain file name: not empty, no `/` or `\`, no `..`, no `:` (a
/// Windows drive or stream), no control character.
pub fn file_in(dir: &Path, name: &str) -> Result<PathBuf, ExportNameError> {
    if name.trim().is_empty() {
        return Err(ExportNameError::Empty);
    }
    if name.chars().any(char::is_control) {
        return Err(ExportNameError::ControlCharacter);
    }
    if name.contains(['/', '\\', ':']) || name.contains("..") || name == "." {
        return Err(ExportNameError::LeavesFolder);
    }
    let path = dir.join(name);
    // Belt and braces: whatever the platform makes of the name, it names one file in `dir`.
    if path.parent() != Some(dir) || path.file_name() != Some(std::ffi::OsStr::new(name)) {
        return Err(ExportNameError::LeavesFolder);
    }
    Ok(path)
}

/// Writes an export to `path` (picked by the admin, or [`file_in`] the `--save-dir` folder) and
/// answers the path written, as the UI shows it.
pub fn write(path: &Path, text: &str) -> Result<String, crate::desk::AppError> {
    std::fs::write(path, text).map_err(|err| crate::desk::AppError::Internal {
        message: format!("Could not write {}: {err}", path.display()),
    })?;
    Ok(path.display().to_string())
}

/// [`file_in`] with its refusal as the form error of the `name` field.
pub fn checked_file_in(dir: &Path, name: &str) -> Result<PathBuf, crate::desk::AppError> {
    file_in(dir, name).map_err(|err| crate::desk::AppError::invalid("name", err.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_from_the_ui_stays_inside_the_chosen_folder() {
        let dir = Path::new("exports");
        assert_eq!(
            file_in(dir, "Zoom IdP metadata.xml"),
            Ok(dir.join("Zoom IdP metadata.xml"))
        );
        for name in [
            "../../.bashrc",
            "..",
            ".",
            "sub/file.xml",
            "/etc/passwd",
            "..\\evil.xml",
            "C:evil.xml",
            "a/../../b",
        ] {
            assert_eq!(
                file_in(dir, name),
                Err(ExportNameError::LeavesFolder),
                "{name:?}"
            );
        }
        assert_eq!(
            file_in(dir, "meta\ndata.xml"),
            Err(ExportNameError::ControlCharacter)
        );
        assert_eq!(
            file_in(dir, "x\u{1b}[2J.xml"),
            Err(ExportNameError::ControlCharacter)
        );
        assert_eq!(file_in(dir, "  "), Err(ExportNameError::Empty));
    }
}
