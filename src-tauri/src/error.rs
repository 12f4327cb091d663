//! The one error type the UI sees is the core's ([`sso_desk_core::desk::AppError`]): its codes and
//! wording are decided there, where they are tested. This crate only passes it on.

pub use sso_desk_core::desk::AppError;
