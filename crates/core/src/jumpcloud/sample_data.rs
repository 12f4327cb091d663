//! The sandbox's own endpoint for putting its sample data back as first seeded. It goes through
//! the same client as every JumpCloud call, so it keeps the client's rules: the address was checked
//! when the client was built, redirects are not followed (the key would go with them) and the
//! request has the client's timeouts. JumpCloud itself has no such endpoint (it answers 404).

use reqwest::Method;

use super::error::Error;
use super::http::Call;
use super::retry::Repeat;
use super::Client;

impl Client {
    /// `POST /sandbox/reset`: the sandbox re-seeds its sample organisation.
    pub async fn reset_sample_data(&self) -> Result<(), Error> {
        // Re-seeding twice leaves the same data, but a slow reset is not worth a second wait.
        let call = Call::new(self, Method::POST, "/sandbox/reset", None, Repeat::Once);
        Ok(self.execute(&call, |_| Ok(())).await?)
    }
}
