//! Files the admin saves from the app (the certificates list, the Organisations page, an
//! application's IdP metadata): each one rendered here, with the name suggested for it and what
//! the admin should know about it, so the shell has a single "save this export" step.

use serde::{Deserialize, Serialize};

use super::{AppError, Desk};

/// An export the admin asked to save.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Export {
    /// Every SAML application's IdP certificate, soonest expiry first (Certificates page).
    CertificatesCsv,
    /// One row per organisation of a provider connection (Organisations page).
    OrganisationsCsv,
    /// An application's IdP metadata, JumpCloud's or built locally when it refuses it.
    IdpMetadata { application: String },
}

/// An export rendered: the file name suggested, its text, and a note for the admin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFile {
    pub name: String,
    pub text: String,
    pub note: Option<String>,
}

/// Where an export was saved, and the note that came with it (the metadata was built locally).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SavedExport {
    pub path: String,
    pub note: Option<String>,
}

/// The exports of the active connection.
pub struct Exports<'a>(pub(super) &'a Desk);

impl Exports<'_> {
    /// `export`, rendered from the active connection.
    pub async fn file(&self, export: &Export) -> Result<ExportFile, AppError> {
        let plain = |name: &str, text: String| ExportFile {
            name: name.to_owned(),
            text,
            note: None,
        };
        Ok(match export {
            Export::CertificatesCsv => {
                plain("idp-certificates.csv", self.0.certificates().csv().await?)
            }
            Export::OrganisationsCsv => {
                plain("organisations.csv", self.0.organisations().csv().await?)
            }
            Export::IdpMetadata { application } => {
                let metadata = self.0.sso().metadata(application).await?;
                ExportFile {
                    name: format!("{application}-idp-metadata.xml"),
                    text: metadata.xml,
                    note: metadata.built_locally,
                }
            }
        })
    }
}
