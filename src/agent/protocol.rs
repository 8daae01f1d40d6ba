//! What the agent and its clients say: one JSON object per line, one request and one
//! reply per connection. Every message carries the protocol version `v`, and each side
//! reads `v` alone before anything else: a message of another version is never
//! interpreted, only recognised (the client then replaces that agent).

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::net::UnixStream;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

use crate::crypto::DataKey;

/// The protocol version; raised on any change to a message's meaning.
pub const VERSION: u32 = 1;

/// The longest message either side reads: a request is a few hundred bytes, a list of
/// held vaults a few hundred per vault.
const MAX_MESSAGE: u64 = 1 << 20;

/// A request from a vault command.
#[derive(Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Request {
    /// Keep the data key of a vault whose owner tags the sender checked.
    Hold { vault_id: String, key_tag: String, path: String, key: WireKey, idle_secs: u64 },
    /// The data key held for this vault id and owner tag, renewing its idle time.
    Get { vault_id: String, key_tag: String },
    /// Forget every key held for this vault id.
    Forget { vault_id: String },
    /// Forget everything and exit.
    Stop,
    /// What is held (never a key).
    List,
}

/// The agent's answer.
#[derive(Serialize, Deserialize)]
#[serde(tag = "reply", rename_all = "snake_case")]
pub enum Reply {
    /// Held until `expires_at` unless used, and `hard_expires_at` at the latest (Unix
    /// seconds).
    Held {
        expires_at: i64,
        hard_expires_at: i64,
    },
    Key {
        key: WireKey,
    },
    NotHeld,
    Forgotten {
        count: usize,
    },
    Stopping,
    List {
        pid: u32,
        memory_locked: bool,
        vaults: Vec<HeldVault>,
    },
    Refused {
        message: String,
    },
}

/// One held vault as the status view shows it.
#[derive(Serialize, Deserialize, Clone)]
pub struct HeldVault {
    pub path: String,
    pub vault_id: String,
    pub expires_at: i64,
    pub hard_expires_at: i64,
    pub idle_secs: u64,
}

/// A data key on the wire, base64; its text is zeroed when dropped.
#[derive(Serialize, Deserialize)]
#[serde(transparent)]
pub struct WireKey(String);

impl WireKey {
    pub fn of(key: &DataKey) -> WireKey {
        WireKey(STANDARD.encode(key.to_bytes().as_slice()))
    }

    pub fn to_key(&self) -> Option<DataKey> {
        let bytes = Zeroizing::new(STANDARD.decode(&self.0).ok()?);
        DataKey::from_bytes(&bytes)
    }
}

impl Drop for WireKey {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

#[derive(Serialize)]
struct Outgoing<'a, T> {
    v: u32,
    #[serde(flatten)]
    body: &'a T,
}

#[derive(Deserialize)]
struct VersionOnly {
    v: u32,
}

#[derive(Deserialize)]
struct Incoming<T> {
    #[serde(flatten)]
    body: T,
}

/// What was read: a message of this version, or of another one (not interpreted).
pub enum Received<T> {
    Message(T),
    OtherVersion,
}

/// Writes one message as a line.
pub fn send<T: Serialize>(stream: &mut UnixStream, body: &T) -> std::io::Result<()> {
    let mut line = Zeroizing::new(serde_json::to_vec(&Outgoing { v: VERSION, body })?);
    line.push(b'\n');
    stream.write_all(&line)
}

/// Reads one line and, if its version is ours, the message in it. End of stream
/// before a whole line is an error.
pub fn receive<T: serde::de::DeserializeOwned>(stream: &UnixStream) -> std::io::Result<Received<T>> {
    let mut line = Zeroizing::new(Vec::new());
    BufReader::new(stream.take(MAX_MESSAGE)).read_until(b'\n', &mut line)?;
    if line.last() != Some(&b'\n') {
        return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "no whole message"));
    }
    let invalid = |error: serde_json::Error| std::io::Error::new(std::io::ErrorKind::InvalidData, error);
    match serde_json::from_slice::<VersionOnly>(&line) {
        Ok(VersionOnly { v }) if v == VERSION => {
            Ok(Received::Message(serde_json::from_slice::<Incoming<T>>(&line).map_err(invalid)?.body))
        }
        _ => Ok(Received::OtherVersion),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_of_another_version_is_not_read() {
        let (mut a, b) = UnixStream::pair().unwrap();
        a.write_all(b"{\"v\":2,\"op\":\"get\",\"vault_id\":\"x\",\"key_tag\":\"y\"}\n").unwrap();
        assert!(matches!(receive::<Request>(&b).unwrap(), Received::OtherVersion));
        a.write_all(b"garbage\n").unwrap();
        assert!(matches!(receive::<Request>(&b).unwrap(), Received::OtherVersion));
    }

    #[test]
    fn a_key_goes_there_and_back() {
        let (mut a, b) = UnixStream::pair().unwrap();
        let key = DataKey::generate();
        send(&mut a, &Reply::Key { key: WireKey::of(&key) }).unwrap();
        let Received::Message(Reply::Key { key: back }) = receive::<Reply>(&b).unwrap() else { panic!() };
        assert_eq!(*back.to_key().unwrap().to_bytes(), *key.to_bytes());
    }
}
