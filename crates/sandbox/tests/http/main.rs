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
mod logos;
mod organisations;
mod paging;
mod permissions;
mod persistence;
mod real_shapes;
mod saml_response;
mod sample_data;
mod schema;
