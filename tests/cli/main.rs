//! End-to-end tests: the built `vault` binary on real vault files in temp dirs, with
//! real age keys and real child processes.

mod support;

mod collections;
mod completions;
mod config;
mod export;
mod fixture;
mod import;
mod polish;
mod recipes;
mod validation;
