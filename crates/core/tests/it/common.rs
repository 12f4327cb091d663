//! What the tests share lives in the test kit (`sso-desk-testkit`); this module names it for the
//! tests as `common::…`.

pub use sso_desk_testkit::*;
