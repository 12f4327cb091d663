//! The sandbox over real HTTP on loopback: JumpCloud's rules, persistence, faults and shapes.

mod common;

mod applications;
mod auth;
mod binary;
mod faults;
mod faults_after_commit;
mod fidelity;
mod graph;
mod host;
mod paging;
mod permissions;
mod persistence;
mod saml_response;
mod sample_data;
mod schema;
