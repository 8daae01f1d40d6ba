//! What the agent and its clients say: one request and one reply per connection, each
//! one JSON object `{"v": VERSION, "message": …}` ended by closing the sender's writing
//! half. Each side reads `v` alone before anything else: a message of another version
//! is never interpreted, only recognised (the client then replaces that agent).
//!
//! Key material passes only through buffers that are zeroed when dropped and sized up
//! front (so no reallocation leaves a copy behind), and is parsed without serde's
//! buffering of internally tagged or flattened data: the enums are externally tagged.

use std::io::{Read, Write};
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
/// Room reserved for a message up front: any message that carries a key fits.
const USUAL_MESSAGE: usize = 16 << 10;

/// A request from a vault command.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
#[serde(rename_all = "snake_case")]
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
    message: &'a T,
}

#[derive(Deserialize)]
struct VersionOnly {
    v: u32,
}

#[derive(Deserialize)]
struct Incoming<T> {
    message: T,
}

/// What was read: a message of this version, or of another one (not interpreted).
pub enum Received<T> {
    Message(T),
    OtherVersion,
}

/// Writes one message and closes the writing half, which ends it.
pub fn send<T: Serialize>(stream: &mut UnixStream, message: &T) -> std::io::Result<()> {
    let mut bytes = Zeroizing::new(Vec::with_capacity(USUAL_MESSAGE));
    serde_json::to_writer(&mut *bytes, &Outgoing { v: VERSION, message })?;
    stream.write_all(&bytes)?;
    stream.shutdown(std::net::Shutdown::Write)
}

/// Reads one message (up to the peer's closing its writing half) and, if its version
/// is ours, what it says.
pub fn receive<T: serde::de::DeserializeOwned>(stream: &UnixStream) -> std::io::Result<Received<T>> {
    let mut bytes = Zeroizing::new(Vec::with_capacity(USUAL_MESSAGE));
    stream.take(MAX_MESSAGE).read_to_end(&mut bytes)?;
    let invalid = |error: serde_json::Error| std::io::Error::new(std::io::ErrorKind::InvalidData, error);
    match serde_json::from_slice::<VersionOnly>(&bytes) {
        Ok(VersionOnly { v }) if v == VERSION => {
            Ok(Received::Message(serde_json::from_slice::<Incoming<T>>(&bytes).map_err(invalid)?.message))
        }
        _ => Ok(Received::OtherVersion),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_of_another_version_is_not_read() {
        for message in
            [&b"{\"v\":2,\"message\":{\"get\":{\"vault_id\":\"x\",\"key_tag\":\"y\"}}}"[..], b"garbage"]
        {
            let (mut a, b) = UnixStream::pair().unwrap();
            a.write_all(message).unwrap();
            drop(a);
            assert!(matches!(receive::<Request>(&b).unwrap(), Received::OtherVersion));
        }
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
