//! The "Single sign-on" tab of a SAML application: its settings as a draft of the edit engine
//! ([`SsoDrafts`]), SP metadata import, review, the safe save, conflicts decided per field, and
//! the IdP metadata to hand to the service provider. The application's lifecycle (activate,
//! deactivate, delete) is the applications area's.
//!
//! The IdP private key is never kept or returned here: the engine strips it from every draft and
//! every reply, and a save merges onto the server's fresh copy, which keeps it.

use super::{AppError, Desk};
use crate::applications::lifecycle::organization_of;
use crate::connections::session::Connected;
use crate::edits::{self, FieldChoice, Review};
use crate::sso::draft::SsoDrafts;
use crate::sso::idp_metadata::{build_idp_metadata, refused, IdpMetadata};
use crate::sso::SsoEdit;

pub use crate::sso::draft::{SsoImport, SsoSaveOutcome, SsoSettings};

/// The SSO tab of an application.
pub struct Sso<'a>(pub(super) &'a Desk);

impl Sso<'_> {
    fn drafts<'c>(&self, connected: &'c Connected) -> Result<SsoDrafts<'c>, AppError> {
        let dir = self.0.profile().connection(&connected.id);
        Ok(SsoDrafts::new(&dir, &connected.client)?)
    }

    /// Opens the settings: the draft of an earlier visit if there is one, else JumpCloud's copy.
    /// A damaged draft file is an [`AppError::Damaged`]: the UI offers [`Sso::set_aside_draft`].
    pub async fn open(&self, application_id: &str) -> Result<SsoSettings, AppError> {
        let c = self.0.session().connect().await?;
        let draft = self.drafts(&c)?.open(application_id).await?;
        Ok(SsoSettings::from(&draft))
    }

    /// Changes one field in the draft (kept on disk before answering). A value that fails its
    /// check is kept and shown with its issue; a read-only or unknown field is refused.
    pub async fn edit(
        &self,
        application_id: &str,
        edit: &SsoEdit,
    ) -> Result<SsoSettings, AppError> {
        let c = self.0.session().connect().await?;
        let draft = self.drafts(&c)?.edit(application_id, edit).await?;
        Ok(SsoSettings::from(&draft))
    }

    /// Fills the draft from SP metadata: SP entity ID, ACS URL and SP certificate. A file that
    /// cannot be used changes nothing.
    pub async fn import_metadata(
        &self,
        application_id: &str,
        xml: &str,
    ) -> Result<SsoImport, AppError> {
        let c = self.0.session().connect().await?;
        Ok(self.drafts(&c)?.import(application_id, xml).await?)
    }

    /// What a save would change, labelled, and what must be fixed first.
    pub async fn review(&self, application_id: &str) -> Result<Review, AppError> {
        let c = self.0.session().connect().await?;
        Ok(edits::review(&self.drafts(&c)?.open(application_id).await?))
    }

    /// Saves the draft through the engine. A conflict writes nothing and shows both sides.
    pub async fn save(&self, application_id: &str) -> Result<SsoSaveOutcome, AppError> {
        let c = self.0.session().connect().await?;
        Ok(self.drafts(&c)?.save(application_id).await?)
    }

    /// Rebases the draft onto the copy the conflicting save met, per the admin's choices.
    pub async fn resolve(
        &self,
        application_id: &str,
        choices: &[FieldChoice],
    ) -> Result<SsoSettings, AppError> {
        let c = self.0.session().connect().await?;
        let draft = self.drafts(&c)?.resolve(application_id, choices).await?;
        Ok(SsoSettings::from(&draft))
    }

    /// Drops the draft and opens the settings as JumpCloud holds them now.
    pub async fn discard(&self, application_id: &str) -> Result<SsoSettings, AppError> {
        let c = self.0.session().connect().await?;
        let draft = self.drafts(&c)?.discard(application_id).await?;
        Ok(SsoSettings::from(&draft))
    }

    /// Moves a damaged draft file aside (a dated copy is kept) and opens the settings afresh.
    pub async fn set_aside_draft(&self, application_id: &str) -> Result<SsoSettings, AppError> {
        let c = self.0.session().connect().await?;
        let draft = self.drafts(&c)?.set_aside(application_id).await?;
        Ok(SsoSettings::from(&draft))
    }

    /// The URL of the application's IdP metadata, for the admin to copy.
    pub async fn metadata_url(&self, application_id: &str) -> Result<String, AppError> {
        let c = self.0.session().connect().await?;
        let org = organization(&c, application_id).await?;
        Ok(c.client.idp_metadata_url(&org, application_id))
    }

    /// The application's IdP metadata (the UI saves it where the admin chooses): JumpCloud's, or,
    /// when JumpCloud refuses the keyed fetch (401, 403, 404), built locally from the application
    /// and labelled so (see [`crate::sso::idp_metadata`]).
    pub async fn metadata(&self, application_id: &str) -> Result<IdpMetadata, AppError> {
        let c = self.0.session().connect().await?;
        let org = organization(&c, application_id).await?;
        match c.client.idp_metadata(&org, application_id).await {
            Ok(xml) => Ok(IdpMetadata {
                xml,
                built_locally: None,
            }),
            Err(err) if refused(err.status()) => {
                let status = err.status().unwrap_or_default();
                tracing::info!(status, "IdP metadata refused; building it locally");
                let app = c.client.get_application(application_id).await?;
                let xml = build_idp_metadata(&app.into_value())
                    .map_err(|message| AppError::invalid("metadata", message))?;
                Ok(IdpMetadata::built_after(status, xml))
            }
            Err(err) => Err(err.into()),
        }
    }
}

async fn organization(c: &Connected, application_id: &str) -> Result<String, AppError> {
    organization_of(&c.client, application_id)
        .await?
        .ok_or_else(|| AppError::not_found("the organisation of this connection is not known"))
}
