//! End-to-end tests: the built `vault` binary on real vault files in temp dirs, with
//! real age keys and real child processes.

mod support;

mod collections;
mod fixture;
mod run;
mod validation;
