//! Facts about the seeded sample organisation that tests, demos and the app rely on. They hold
//! for every seed and both sizes (ids are made from indexes, not from the seed).

/// The template for custom SAML applications (always present, no JIT attributes).
pub const CUSTOM_SAML_TEMPLATE_NAME: &str = "custom-saml-app";
/// Its id.
pub const CUSTOM_SAML_TEMPLATE_ID: &str = "5f0000000001000000000000";
/// Zoom's template `name`; it supports JIT and has the keyword "video".
pub const ZOOM_TEMPLATE_NAME: &str = "zoom";
/// Zoom's template id.
pub const ZOOM_TEMPLATE_ID: &str = "5f0000000001000000000001";
/// Slack's template `name` (JIT with email, firstName, lastName).
pub const SLACK_TEMPLATE_NAME: &str = "slack";

/// The readiness demo: a JIT application (made from Slack's template) whose bound users include
/// some with an empty `lastname`, which Slack's JIT needs.
pub const READINESS_DEMO_APP_LABEL: &str = "Slack (sample data)";
/// Its id.
pub const READINESS_DEMO_APP_ID: &str = "5f0000000002000000000000";
/// The group bound to the readiness demo application ("Slack Workspace (sample data)").
pub const READINESS_DEMO_GROUP_ID: &str = "5f0000000003000000000000";
/// "Engineering (sample data)": a member of [`READINESS_DEMO_GROUP_ID`], so its users reach the
/// readiness demo application indirectly (the traversal's `paths` show the nesting).
pub const NESTED_GROUP_ID: &str = "5f0000000003000000000001";

/// The only users with an empty `lastname`, all able to sign in to the readiness demo
/// application. The first two are direct members of [`READINESS_DEMO_GROUP_ID`], the third is
/// bound to the application directly and is in no group that reaches it
/// ([`DIRECTLY_BOUND_USER_ID`]), the last two are members of [`NESTED_GROUP_ID`].
pub const USERS_WITHOUT_LASTNAME: [&str; 5] = [
    "5f0000000004000000000007",
    "5f0000000004000000000013",
    "5f000000000400000000003a",
    "5f0000000004000000000085",
    "5f000000000400000000012d",
];

/// The user bound to the readiness demo application directly (no user group), one of
/// [`USERS_WITHOUT_LASTNAME`]: a client that reads only group bindings misses them.
pub const DIRECTLY_BOUND_USER_ID: &str = USERS_WITHOUT_LASTNAME[2];

/// An application as a vendor's JumpCloud setup guide makes one (wire-evidence.md): its stored
/// NameID format is [`TENANT_APP_NAME_ID_FORMAT`] (which its connector's options do not list), its
/// Default RelayState (`defaultTargetUrl`) is a tenant name, [`TENANT_APP_RELAY_STATE`], and its
/// choices' `options` are `[{text, value}]` with integer values (as every seeded form's are).
/// Made from the [`TENANT_APP_TEMPLATE_NAME`] connector; the first application after the ordinary
/// ones ([`TENANT_APP_ID`] in the demo organisation).
pub const TENANT_APP_LABEL: &str = "Mixpanel EU (sample data)";
/// Its id in the demo organisation.
pub const TENANT_APP_ID: &str = "5f000000000200000000001e";
/// Its connector.
pub const TENANT_APP_TEMPLATE_NAME: &str = "mixpanel";
/// Its stored NameID format.
pub const TENANT_APP_NAME_ID_FORMAT: &str = "urn:oasis:names:tc:SAML:2.0:nameid-format:unspecified";
/// Its Default RelayState.
pub const TENANT_APP_RELAY_STATE: &str = "example-eu-tenant";

/// A custom SAML application with three ACS URLs held as a JSON list inside the string
/// `config.acsUrl.value` (`[{"index": "0", "isDefault": "false", "url": …}, …]`, the second the
/// default), as loadsmart's client writes it. [`MULTI_ACS_APP_ID`] in the demo organisation.
pub const MULTI_ACS_APP_LABEL: &str = "Partner Portal (sample data)";
/// Its id in the demo organisation.
pub const MULTI_ACS_APP_ID: &str = "5f000000000200000000001f";

/// A custom SAML application whose `config.idpCertificate.value` is base64 of the PEM text, as
/// loadsmart's client reads it. [`BASE64_CERT_APP_ID`] in the demo organisation.
pub const BASE64_CERT_APP_LABEL: &str = "Legacy Intranet (sample data)";
/// Its id in the demo organisation.
pub const BASE64_CERT_APP_ID: &str = "5f0000000002000000000020";

/// The extra application seeded with `SandboxOptions::odd_application` (`--seed-odd-application`):
/// its `config.constantAttributes.value` holds a bare string among its entries, and its config has
/// a `someUnknownAttributes` container of `type` "entitlementAttributes". Its id is the one after
/// the last seeded application's (`5f0000000002000000000021` in the demo organisation).
pub const ODD_APPLICATION_LABEL: &str = "Odd Attributes App (sample data)";

/// The indexes behind [`USERS_WITHOUT_LASTNAME`].
pub(crate) const USER_INDEXES_WITHOUT_LASTNAME: [usize; 5] = [7, 19, 58, 133, 301];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::ids;

    #[test]
    fn documented_ids_match_the_generator() {
        for (id, index) in USERS_WITHOUT_LASTNAME
            .iter()
            .zip(USER_INDEXES_WITHOUT_LASTNAME)
        {
            assert_eq!(
                *id,
                ids::user(index),
                "documented user id must be the seeded one"
            );
        }
        assert_eq!(ZOOM_TEMPLATE_ID, ids::template(1));
        assert_eq!(CUSTOM_SAML_TEMPLATE_ID, ids::template(0));
        assert_eq!(READINESS_DEMO_APP_ID, ids::application(0));
        assert_eq!(READINESS_DEMO_GROUP_ID, ids::group(0));
        assert_eq!(NESTED_GROUP_ID, ids::group(1));
        assert_eq!(TENANT_APP_ID, ids::application(30));
        assert_eq!(MULTI_ACS_APP_ID, ids::application(31));
        assert_eq!(BASE64_CERT_APP_ID, ids::application(32));
    }
}
