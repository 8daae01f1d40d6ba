//! A PostgreSQL location, resolved the way libpq resolves one: the URL first
//! (`postgres://user@host:port/db?schema=team`, or `host=/socket/dir` for a Unix
//! socket), then the `PG*` environment variables, then `~/.pgpass` for the password.
//! rust-postgres parses the URL; vault adds only what it does not know: `schema`, the
//! libpq `sslmode`s it lacks (`verify-ca`, `verify-full`) and `sslrootcert`.
//!
//! The password never leaves [`postgres::Config`]: the location is shown as a URL
//! rebuilt from its other parts.

use std::fmt;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use postgres::config::Host;

use crate::error::{Failure, Kind};

/// The schema a vault's tables live in when the URL names none.
pub const DEFAULT_SCHEMA: &str = "vault";

/// libpq's `sslmode`s that vault accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

/// A resolved PostgreSQL location.
#[derive(Clone)]
pub struct Server {
    pub config: postgres::Config,
    pub schema: String,
    pub ssl_mode: SslMode,
    /// The CA certificates a `verify-*` mode checks the server against.
    pub root_cert: PathBuf,
    /// Whether the location named [`Self::root_cert`] (else libpq's default file).
    root_cert_named: bool,
}

/// Whether `text` names a PostgreSQL server rather than a file.
pub fn is_url(text: &str) -> bool {
    text.starts_with("postgres://") || text.starts_with("postgresql://")
}

fn bad_location(why: impl fmt::Display) -> anyhow::Error {
    Failure::new(Kind::Usage, format!("invalid PostgreSQL location: {why}"))
        .with_hint("write it as postgres://USER@HOST:PORT/DBNAME?schema=NAME (libpq's URL form)")
        .into()
}

impl Server {
    /// Parses a `postgres://` URL and fills in what it leaves out from the environment.
    pub fn parse(url: &str) -> anyhow::Result<Server> {
        let (base, query) = url.split_once('?').unwrap_or((url, ""));
        let mut kept = Vec::new();
        let (mut schema, mut ssl_mode, mut root_cert) = (None, None, None);
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = percent_decode_str(value)
                .decode_utf8()
                .map_err(|_| bad_location(format!("the value of '{key}' is not UTF-8")))?
                .into_owned();
            match key {
                "schema" => schema = Some(value),
                "sslmode" => ssl_mode = Some(value),
                "sslrootcert" => root_cert = Some(PathBuf::from(value)),
                _ => kept.push(pair),
            }
        }
        let rest = if kept.is_empty() { base.to_owned() } else { format!("{base}?{}", kept.join("&")) };
        // rust-postgres' cause names the option, never its value.
        let mut config = postgres::Config::from_str(&rest).map_err(|error| {
            let cause = std::error::Error::source(&error).map(ToString::to_string);
            bad_location(cause.unwrap_or_else(|| error.to_string()))
        })?;
        // The TLS decision below is made for one host: a list, or an address beside the
        // name, could send the vault to another machine without it.
        if config.get_hosts().len() > 1 || !config.get_hostaddrs().is_empty() {
            return Err(bad_location("vault connects to one host: give one host and no hostaddr"));
        }
        apply_environment(&mut config);
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(std::time::Duration::from_secs(10));
        }
        let env = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
        let schema = schema.unwrap_or_else(|| DEFAULT_SCHEMA.to_owned());
        check_schema_name(&schema)?;
        let ssl_mode =
            parse_ssl_mode(&ssl_mode.or_else(|| env("PGSSLMODE")).unwrap_or_else(|| "prefer".into()))?;
        let named = root_cert.or_else(|| env("PGSSLROOTCERT").map(PathBuf::from));
        let root_cert_named = named.is_some();
        let root_cert = named
            .or_else(|| dirs::home_dir().map(|home| home.join(".postgresql/root.crt")))
            .unwrap_or_default();
        let server = Server { config, schema, ssl_mode, root_cert, root_cert_named };
        server.require_tls_off_this_machine()?;
        Ok(server)
    }

    /// The host vault connects to: a Unix socket directory or a TCP host name.
    pub fn host(&self) -> Host {
        self.config.get_hosts().first().cloned().unwrap_or_else(|| Host::Tcp("localhost".into()))
    }

    /// Whether the connection goes over TCP (and so may use TLS).
    pub fn over_tcp(&self) -> bool {
        matches!(self.host(), Host::Tcp(_))
    }

    /// libpq's `sslmode` is about the wire: a TCP connection to another machine carries
    /// ciphertext and wrapped keys, and the server's word on the vault's state, so it
    /// must be TLS.
    fn require_tls_off_this_machine(&self) -> anyhow::Result<()> {
        let Host::Tcp(name) = self.host() else { return Ok(()) };
        let local = ["localhost", "127.0.0.1", "::1"].contains(&name.as_str());
        if !local && matches!(self.ssl_mode, SslMode::Disable | SslMode::Prefer) {
            return Err(Failure::new(
                Kind::Usage,
                format!("a vault on {name} is reached over TCP, which needs TLS"),
            )
            .with_hint("add sslmode=verify-full to the location (with sslrootcert=CA-FILE if its CA is not in ~/.postgresql/root.crt)")
            .into());
        }
        Ok(())
    }

    /// Fills in the password from `~/.pgpass` (or `PGPASSFILE`) when nothing else gave
    /// one; a file others can read is refused, as libpq refuses it.
    pub fn with_password_file(&self) -> anyhow::Result<postgres::Config> {
        let mut config = self.config.clone();
        if config.get_password().is_some() {
            return Ok(config);
        }
        // An empty PGPASSFILE is unset, as for libpq.
        let file = std::env::var_os("PGPASSFILE")
            .filter(|file| !file.is_empty())
            .map(PathBuf::from)
            .or_else(|| dirs::home_dir().map(|home| home.join(".pgpass")));
        let Some(file) = file.filter(|file| file.is_file()) else { return Ok(config) };
        let unreadable = |error: std::io::Error| {
            Failure::new(Kind::Other, format!("cannot read {}: {error}", file.display()))
                .with_hint("make it readable by you, or point PGPASSFILE at another file")
        };
        // The mode and the text of one open file, not of whatever is at the path later.
        let mut opened = std::fs::File::open(&file).map_err(unreadable)?;
        let mode = opened.metadata().map_err(unreadable)?.mode();
        if mode & 0o077 != 0 {
            return Err(Failure::new(
                Kind::Other,
                format!(
                    "{} can be read by other users (mode {:o}); vault does not use it",
                    file.display(),
                    mode & 0o777
                ),
            )
            .with_hint(format!("run 'chmod 600 {}'", file.display()))
            .into());
        }
        let mut text = String::new();
        std::io::Read::read_to_string(&mut opened, &mut text).map_err(unreadable)?;
        // A socket connection's line names its directory, or `localhost` (which libpq
        // takes for its default directory only; vault for any, as it always has).
        let hosts = match self.host() {
            Host::Tcp(name) => vec![name],
            Host::Unix(dir) => vec![dir.to_string_lossy().into_owned(), "localhost".to_owned()],
        };
        let hosts: Vec<&str> = hosts.iter().map(String::as_str).collect();
        let port = config.get_ports().first().copied().unwrap_or(5432).to_string();
        let want = [port.as_str(), config.get_dbname().unwrap_or(""), config.get_user().unwrap_or("")];
        if let Some(password) = super::pgpass::find(&text, &hosts, &want) {
            config.password(password);
        }
        Ok(config)
    }
}

/// The `PG*` variables libpq reads, for what the URL left out.
fn apply_environment(config: &mut postgres::Config) {
    let env = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
    if config.get_hosts().is_empty() {
        let host = env("PGHOST").unwrap_or_else(default_socket_dir);
        if host.starts_with('/') {
            config.host_path(&host);
        } else {
            config.host(&host);
        }
    }
    if config.get_ports().is_empty()
        && let Some(port) = env("PGPORT").and_then(|port| port.parse().ok())
    {
        config.port(port);
    }
    if config.get_user().is_none() {
        let user = env("PGUSER").or_else(|| {
            nix::unistd::User::from_uid(nix::unistd::getuid()).ok().flatten().map(|user| user.name)
        });
        if let Some(user) = user {
            config.user(&user);
        }
    }
    if config.get_dbname().is_none()
        && let Some(dbname) = env("PGDATABASE").or_else(|| config.get_user().map(str::to_owned))
    {
        config.dbname(&dbname);
    }
    if config.get_password().is_none()
        && let Some(password) = env("PGPASSWORD")
    {
        config.password(password);
    }
    if config.get_application_name().is_none() {
        config.application_name("vault");
    }
}

/// libpq's compiled-in socket directory: Debian's, else the upstream default.
fn default_socket_dir() -> String {
    if Path::new("/var/run/postgresql").is_dir() { "/var/run/postgresql".into() } else { "/tmp".into() }
}

impl SslMode {
    /// libpq's name of the mode.
    fn name(self) -> &'static str {
        match self {
            SslMode::Disable => "disable",
            SslMode::Prefer => "prefer",
            SslMode::Require => "require",
            SslMode::VerifyCa => "verify-ca",
            SslMode::VerifyFull => "verify-full",
        }
    }
}

fn parse_ssl_mode(text: &str) -> anyhow::Result<SslMode> {
    Ok(match text {
        "disable" => SslMode::Disable,
        "allow" | "prefer" => SslMode::Prefer,
        "require" => SslMode::Require,
        "verify-ca" => SslMode::VerifyCa,
        "verify-full" => SslMode::VerifyFull,
        other => {
            return Err(bad_location(format!(
                "sslmode '{}' is none of disable, prefer, require, verify-ca, verify-full",
                crate::output::sanitize(other)
            )));
        }
    })
}

/// A schema name vault creates and quotes: lower-case letters, digits and `_`, and
/// none of the server's own schemas.
fn check_schema_name(schema: &str) -> anyhow::Result<()> {
    let mut chars = schema.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase() || c == '_');
    if !first_ok
        || schema.len() > 63
        || !chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return Err(bad_location(format!(
            "schema '{}' must be 1 to 63 lower-case letters, digits or '_', not starting with a digit",
            crate::output::sanitize(schema)
        )));
    }
    if schema.starts_with("pg_") || schema == "information_schema" {
        return Err(bad_location(format!("schema '{schema}' is one of the server's own")));
    }
    Ok(())
}

impl fmt::Display for Server {
    /// The location as a URL with no password in it, and with what a copy of it needs
    /// to reach the server the same way (its `sslmode` and root certificate file).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // RFC 3986's unreserved characters stay as they are: `t_1`, not `t%5F1`.
        const ENCODED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');
        let encode = |text: &str| utf8_percent_encode(text, ENCODED).to_string();
        let user = self.config.get_user().map(|user| format!("{}@", encode(user))).unwrap_or_default();
        let port = self.config.get_ports().first().map(|port| format!(":{port}")).unwrap_or_default();
        let db = encode(self.config.get_dbname().unwrap_or_default());
        match self.host() {
            Host::Tcp(host) => {
                write!(f, "postgres://{user}{}{port}/{db}?schema={}", encode(&host), self.schema)?
            }
            Host::Unix(dir) => write!(
                f,
                "postgres://{user}/{db}?host={}{}&schema={}",
                encode(&dir.to_string_lossy()),
                port.replace(':', "&port="),
                self.schema
            )?,
        }
        if self.over_tcp() && self.ssl_mode != SslMode::Prefer {
            write!(f, "&sslmode={}", self.ssl_mode.name())?;
            if self.root_cert_named {
                write!(f, "&sslrootcert={}", encode(&self.root_cert.to_string_lossy()))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_location_is_shown_without_its_password() {
        let server =
            Server::parse("postgresql://alice:s3cret@localhost:5433/team?schema=ops&sslmode=require")
                .unwrap();
        assert_eq!(server.to_string(), "postgres://alice@localhost:5433/team?schema=ops&sslmode=require");
        assert_eq!(server.config.get_password(), Some(&b"s3cret"[..]));
        assert_eq!(server.ssl_mode, SslMode::Require);
        let socket = Server::parse("postgres://bob@/team?host=/run/pg&port=5999").unwrap();
        assert_eq!(socket.to_string(), "postgres://bob@/team?host=%2Frun%2Fpg&port=5999&schema=vault");
        assert!(!socket.over_tcp());
        // Unreserved characters are shown as they are.
        let plain = Server::parse("postgres://t_1-x.y~z@/db?host=/run/pg.d&schema=t_1").unwrap();
        assert_eq!(plain.to_string(), "postgres://t_1-x.y~z@/db?host=%2Frun%2Fpg.d&schema=t_1");
        // What is shown parses back to the same place, reached the same way.
        let tls =
            Server::parse("postgres://c:pw@db.example/team?sslmode=verify-full&sslrootcert=/etc/ca.pem")
                .unwrap();
        assert_eq!(
            tls.to_string(),
            "postgres://c@db.example:5432/team?schema=vault&sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem"
        );
        for shown in [socket.to_string(), tls.to_string(), server.to_string()] {
            let again = Server::parse(&shown).unwrap();
            assert_eq!(again.to_string(), shown);
            assert!(again.config.get_password().is_none());
        }
    }

    #[test]
    fn tcp_off_this_machine_needs_tls_and_bad_parts_are_refused() {
        for url in [
            "postgres://a@db.example/x",
            "postgres://a@db.example/x?sslmode=disable",
            "postgres://a@db.example/x?sslmode=prefer",
        ] {
            let error = Server::parse(url).err().unwrap();
            assert!(format!("{error}").contains("needs TLS"), "{url}: {error}");
        }
        assert!(Server::parse("postgres://a@db.example/x?sslmode=verify-full").is_ok());
        assert!(Server::parse("postgres://a@localhost/x?sslmode=disable").is_ok());
        for url in [
            "postgres://a@localhost/x?schema=Bad-Name",
            "postgres://a@localhost/x?schema=pg_catalog",
            "postgres://a@localhost/x?schema=information_schema",
            "postgres://a@localhost/x?sslmode=sometimes",
        ] {
            assert!(Server::parse(url).is_err(), "{url}");
        }
        // One host only: a second one, or an address beside the name, escapes the TLS check.
        for url in [
            "postgres://a@localhost/x?hostaddr=203.0.113.9&sslmode=disable",
            "postgres://a@/x?hostaddr=203.0.113.9&sslmode=verify-full",
            "postgres://a@localhost,db.example/x?sslmode=disable",
        ] {
            let error = Server::parse(url).err().expect(url);
            assert!(format!("{error:#}").contains("one host"), "{url}: {error:#}");
        }
        // A bad option is named, its value and the password are not.
        let error = Server::parse("postgres://a:pw@localhost/x?connect_timeout=soon").err().unwrap();
        let shown = format!("{error:#}");
        assert!(
            shown.contains("connect_timeout") && !shown.contains("pw") && !shown.contains("soon"),
            "{shown}"
        );
    }
}
