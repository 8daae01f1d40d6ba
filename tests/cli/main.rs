//! End-to-end tests: the built `vault` binary on real vault files in temp dirs, with
//! real age keys and real child processes.

mod support;

mod agent;
mod audit;
mod collections;
mod completions;
mod concurrency;
mod config;
mod export;
mod faults;
mod fixture;
mod generate;
mod history;
mod import;
mod inject;
mod lifecycle;
mod manual;
mod mask;
mod owner;
mod polish;
mod postgres;
mod recipes;
mod requirements;
mod rollback;
mod run;
mod run_process;
mod sandbox;
mod scan;
mod store_conformance;
mod tampering;
mod unlock;
mod validation;
