//! Finding users in a loaded organisation by what an admin remembers of them (name, email or
//! username), for picking whose assertion to preview. Promises: matching ignores case, every word
//! of the query must match somewhere, results keep the organisation's order and stop at `limit`.

use std::sync::Arc;

use serde::Serialize;

use super::snapshot::OrgSnapshot;

/// A user as a picker lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UserSummary {
    pub user_id: Arc<str>,
    pub username: Arc<str>,
    pub email: Arc<str>,
    /// Display name, or first and last name when there is none.
    pub name: Arc<str>,
}

impl OrgSnapshot {
    /// Users whose name, email or username contains every word of `query` (any case); an empty
    /// query lists the first `limit` users.
    pub fn search_users(&self, query: &str, limit: usize) -> Vec<UserSummary> {
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        self.users
            .iter()
            .filter(|user| {
                let haystack =
                    format!("{}\n{}\n{}", user.name, user.email, user.username).to_lowercase();
                words.iter().all(|word| haystack.contains(word.as_str()))
            })
            .take(limit)
            .map(|user| UserSummary {
                user_id: user.id.clone(),
                username: user.username.clone(),
                email: user.email.clone(),
                name: user.name.clone(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn org() -> OrgSnapshot {
        let mut builder = OrgSnapshot::builder();
        for (id, first, last, email) in [
            ("u1", "Ada", "Lovelace", "ada@example.com"),
            ("u2", "Grace", "Hopper", "grace@example.com"),
            ("u3", "Ada", "Byron", "byron@example.org"),
        ] {
            builder
                .systemuser(&json!({"_id": id, "firstname": first, "lastname": last,
                    "email": email, "username": id}))
                .expect("a user with an id is accepted");
        }
        builder.build()
    }

    fn ids(found: Vec<UserSummary>) -> Vec<String> {
        found.iter().map(|u| u.user_id.to_string()).collect()
    }

    #[test]
    fn every_word_must_match_name_email_or_username_in_any_case() {
        let org = org();
        assert_eq!(
            ids(org.search_users("ada", 10)),
            ["u1", "u3"],
            "first name, any case"
        );
        assert_eq!(
            ids(org.search_users("ADA example.org", 10)),
            ["u3"],
            "all words must match"
        );
        assert_eq!(
            ids(org.search_users("hopper", 10)),
            ["u2"],
            "last name is part of the name"
        );
        assert_eq!(ids(org.search_users("u2", 10)), ["u2"], "username matches");
        assert!(
            org.search_users("nobody", 10).is_empty(),
            "no match, no users"
        );
    }

    #[test]
    fn an_empty_query_lists_users_up_to_the_limit() {
        assert_eq!(
            ids(org().search_users("  ", 2)),
            ["u1", "u2"],
            "first two in order"
        );
    }
}
