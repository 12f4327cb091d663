//! What a row's source can be: JumpCloud's user properties and the org's custom attributes.
//!
//! The property list is the string fields of the v1 `systemuserreturn` object that make sense in
//! an assertion (identity, name, organisation facts), spelt as JumpCloud spells them, and all of
//! them among the fields the client reads for each user (so readiness can see every value). Custom
//! attribute names follow JumpCloud's rule for `attributes[].name`: letters and digits only, fewer
//! than 32 characters.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::jumpcloud::User;

/// One JumpCloud user property the picker offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UserProperty {
    /// The `systemuser` field name, as written into `databaseAttributes`.
    pub name: String,
    /// What the admin reads in the picker.
    pub label: String,
}

/// `(field, label)` for every property the picker offers, in picker order.
pub const USER_PROPERTIES: &[(&str, &str)] = &[
    ("email", "Email"),
    ("username", "Username"),
    ("firstname", "First name"),
    ("lastname", "Last name"),
    ("middlename", "Middle name"),
    ("displayname", "Display name"),
    ("alternateEmail", "Alternate email"),
    ("employeeIdentifier", "Employee ID"),
    ("employeeType", "Employee type"),
    ("jobTitle", "Job title"),
    ("department", "Department"),
    ("company", "Company"),
    ("costCenter", "Cost center"),
    ("location", "Location"),
    ("manager", "Manager"),
];

/// Longest custom attribute name JumpCloud accepts ("under 32 characters").
pub const CUSTOM_NAME_MAX_CHARS: usize = 31;

/// The properties as the UI shows them.
pub fn user_properties() -> Vec<UserProperty> {
    USER_PROPERTIES
        .iter()
        .map(|(name, label)| UserProperty {
            name: (*name).to_owned(),
            label: (*label).to_owned(),
        })
        .collect()
}

/// Whether `name` is a property of the catalogue (exact spelling: JumpCloud field names are
/// case-sensitive).
pub fn is_user_property(name: &str) -> bool {
    USER_PROPERTIES.iter().any(|(field, _)| *field == name)
}

/// The catalogue property whose name matches `name` ignoring case (`firstName` -> `firstname`).
pub fn property_like(name: &str) -> Option<&'static str> {
    USER_PROPERTIES
        .iter()
        .map(|(field, _)| *field)
        .find(|field| field.eq_ignore_ascii_case(name))
}

/// What the source picker offers: JumpCloud's properties and the org's custom attributes (a new
/// custom attribute name may also be typed; check it with [`check_custom_name`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SourceChoices {
    pub properties: Vec<UserProperty>,
    pub custom_attributes: Vec<String>,
}

/// The picker's choices for an org whose users (v1 systemuser objects) are `users`.
pub fn source_choices<'a>(users: impl IntoIterator<Item = &'a Value>) -> SourceChoices {
    SourceChoices {
        properties: user_properties(),
        custom_attributes: custom_attribute_names(users),
    }
}

/// [`source_choices`] for users the client has already decoded.
pub fn source_choices_for(users: &[User]) -> SourceChoices {
    let mut names: Vec<String> = users
        .iter()
        .flat_map(|u| u.attributes.iter())
        .map(|a| a.name.clone())
        .filter(|n| !n.is_empty())
        .collect();
    names.sort();
    names.dedup();
    SourceChoices {
        properties: user_properties(),
        custom_attributes: names,
    }
}

/// Why a custom attribute name is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum CustomNameProblem {
    Empty,
    TooLong,
    NotAlphanumeric,
}

/// Checks a custom attribute name against JumpCloud's rule (ASCII letters and digits, 1..=31).
pub fn check_custom_name(name: &str) -> Result<(), CustomNameProblem> {
    if name.is_empty() {
        return Err(CustomNameProblem::Empty);
    }
    if !name.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(CustomNameProblem::NotAlphanumeric);
    }
    if name.chars().count() > CUSTOM_NAME_MAX_CHARS {
        return Err(CustomNameProblem::TooLong);
    }
    Ok(())
}

/// The custom attribute names in use in the org, from users' `attributes` arrays (v1 systemuser
/// objects), sorted and without repeats. Items without a string `name` are skipped.
pub fn custom_attribute_names<'a>(users: impl IntoIterator<Item = &'a Value>) -> Vec<String> {
    let mut names: Vec<String> = users
        .into_iter()
        .filter_map(|user| user.get("attributes").and_then(Value::as_array))
        .flatten()
        .filter_map(|item| item.get("name").and_then(Value::as_str))
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect();
    names.sort();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn custom_names_follow_jumpcloud_rule() {
        assert_eq!(
            check_custom_name("badgeNumber2"),
            Ok(()),
            "letters and digits are fine"
        );
        assert_eq!(check_custom_name(""), Err(CustomNameProblem::Empty));
        assert_eq!(
            check_custom_name("badge-number"),
            Err(CustomNameProblem::NotAlphanumeric)
        );
        assert_eq!(
            check_custom_name("badge number"),
            Err(CustomNameProblem::NotAlphanumeric)
        );
        assert_eq!(
            check_custom_name("été"),
            Err(CustomNameProblem::NotAlphanumeric),
            "ASCII only"
        );
        assert_eq!(
            check_custom_name(&"a".repeat(31)),
            Ok(()),
            "31 characters is under 32"
        );
        assert_eq!(
            check_custom_name(&"a".repeat(32)),
            Err(CustomNameProblem::TooLong)
        );
    }

    #[test]
    fn custom_names_are_collected_from_users() {
        let users = [
            json!({"attributes": [{"name": "region", "value": "EU"}, {"name": "badge", "value": "1"}]}),
            json!({"attributes": [{"name": "region", "value": "US"}, {"value": "no name"}]}),
            json!({"email": "no-attributes@example.com"}),
            json!({"attributes": null}),
        ];
        assert_eq!(
            custom_attribute_names(users.iter()),
            vec!["badge".to_owned(), "region".to_owned()],
            "names are unique and sorted; items without a name are skipped"
        );
    }

    #[test]
    fn catalogue_spells_properties_like_the_spec() {
        assert!(is_user_property("employeeIdentifier"));
        assert!(
            !is_user_property("employeeidentifier"),
            "field names are case-sensitive"
        );
        assert_eq!(property_like("firstName"), Some("firstname"));
        assert_eq!(property_like("nickname"), None);
    }
}
