//! Every cryptographic operation of vault, and the only module that imports `age` or
//! the AEAD. It holds no I/O beyond reading and creating identity files, and it never
//! prints.
//!
//! Key hierarchy (see the README's design section):
//! - an age X25519 **identity** per reader: the vault's own one (stored scrypt-encrypted
//!   under the passphrase, or kept in the user's identity file) and teammates' ones;
//! - one random 256-bit **data key**, wrapped with age to every recipient, and bound by
//!   MACs so that a writer without keys cannot swap in a key of their own (age
//!   ciphertexts are not authenticated to their sender): one keyed by the owner's
//!   secret, and one per other reader keyed by the X25519 secret the owner shares with
//!   that reader;
//! - each collection version sealed with XChaCha20-Poly1305 under the data key, with
//!   associated data naming vault, workspace, collection, version and whether it is the
//!   current version or one kept in history.

use std::io::{Read, Write};
use std::path::Path;

use anyhow::Context;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretBox, SecretString};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::error::{Failure, Kind, integrity, locked};

pub use age::x25519::{Identity, Recipient};

/// The highest scrypt work factor accepted when unlocking: age's own ceiling. A vault
/// edited to ask for more is refused at once instead of running for hours.
pub const MAX_WORK_FACTOR: u8 = 22;
/// The scrypt work factor `init` uses unless told otherwise (about a second).
pub const DEFAULT_WORK_FACTOR: u8 = 18;

const NONCE_LEN: usize = 24;
const KEY_LEN: usize = 32;
const AD_LABEL: &[u8] = b"vault sealed collection v2";
/// The associated data of blobs sealed before roles were bound; still opened, in either
/// role, so vaults from then keep working until `rotate-key` re-seals them.
const LEGACY_AD_LABEL: &[u8] = b"vault sealed collection v1";
const BINDING_LABEL: &[u8] = b"vault data key binding v1";
const READER_BINDING_LABEL: &[u8] = b"vault data key reader binding v1";

/// The symmetric key that seals every collection version.
pub struct DataKey(SecretBox<[u8; KEY_LEN]>);

/// What a sealed blob belongs to; moving it anywhere else fails authentication.
pub struct Binding<'a> {
    pub vault_id: &'a str,
    pub workspace: &'a str,
    pub collection: &'a str,
    pub version: u64,
    pub role: Role,
}

/// Whether a blob is its collection's current version or one kept in history. Bound
/// into the associated data, so a kept version cannot be put back as the current one
/// by someone who can only write the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Current,
    History,
}

impl Binding<'_> {
    fn associated_data(&self) -> Vec<u8> {
        let mut ad = self.legacy_associated_data(AD_LABEL);
        ad.push(match self.role {
            Role::Current => 0,
            Role::History => 1,
        });
        ad
    }

    fn legacy_associated_data(&self, label: &[u8]) -> Vec<u8> {
        let mut ad = label.to_vec();
        for part in [self.vault_id, self.workspace, self.collection] {
            ad.extend_from_slice(&(part.len() as u32).to_be_bytes());
            ad.extend_from_slice(part.as_bytes());
        }
        ad.extend_from_slice(&self.version.to_be_bytes());
        ad
    }
}

impl DataKey {
    /// A fresh random key from the operating system's generator.
    pub fn generate() -> Self {
        let key = XChaCha20Poly1305::generate_key(&mut OsRng);
        DataKey(SecretBox::new(Box::new(key.into())))
    }

    /// Seals a payload: a random nonce followed by the ciphertext and tag.
    pub fn seal(&self, binding: &Binding, plaintext: &[u8]) -> anyhow::Result<Vec<u8>> {
        let cipher = XChaCha20Poly1305::new(self.0.expose_secret().into());
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let ad = binding.associated_data();
        let sealed = cipher
            .encrypt(&nonce, Payload { msg: plaintext, aad: &ad })
            .map_err(|_| anyhow::anyhow!("failed to seal collection '{}'", binding.collection))?;
        let mut blob = nonce.to_vec();
        blob.extend_from_slice(&sealed);
        Ok(blob)
    }

    /// Opens a sealed blob, or fails with an integrity error (exit 6) if it was altered,
    /// forged or moved from another collection, workspace, version or vault.
    pub fn open(&self, binding: &Binding, blob: &[u8]) -> anyhow::Result<Zeroizing<Vec<u8>>> {
        let tampered = || {
            integrity(format!(
                "sealed values of collection '{}' in workspace '{}' failed authentication; nothing was used",
                binding.collection, binding.workspace
            ))
        };
        if blob.len() < NONCE_LEN {
            return Err(tampered());
        }
        let (nonce, sealed) = blob.split_at(NONCE_LEN);
        let cipher = XChaCha20Poly1305::new(self.0.expose_secret().into());
        let decrypt = |ad: &[u8]| cipher.decrypt(XNonce::from_slice(nonce), Payload { msg: sealed, aad: ad });
        decrypt(&binding.associated_data())
            .or_else(|_| decrypt(&binding.legacy_associated_data(LEGACY_AD_LABEL)))
            .map(Zeroizing::new)
            .map_err(|_| tampered())
    }

    /// The key's bytes, for handing to the unlock agent (see [`crate::agent`]) and no
    /// one else; zeroed when dropped.
    pub fn to_bytes(&self) -> Zeroizing<[u8; KEY_LEN]> {
        Zeroizing::new(*self.0.expose_secret())
    }

    /// A key handed back by the unlock agent; `None` unless it has the right length.
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        let key: [u8; KEY_LEN] = bytes.try_into().ok()?;
        Some(DataKey(SecretBox::new(Box::new(key))))
    }

    /// Wraps the key with age so that any one of the recipients can unwrap it.
    pub fn wrap(&self, recipients: &[Recipient]) -> anyhow::Result<Vec<u8>> {
        let encryptor = age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
            .context("failed to wrap the data key")?;
        let mut wrapped = Vec::new();
        let mut writer = encryptor.wrap_output(&mut wrapped)?;
        writer.write_all(self.0.expose_secret())?;
        writer.finish()?;
        Ok(wrapped)
    }

    /// Unwraps the data key with any of the given identities.
    pub fn unwrap(identities: &[Identity], wrapped: &[u8]) -> anyhow::Result<Self> {
        let decryptor = age::Decryptor::new_buffered(wrapped)
            .map_err(|_| integrity("the vault's wrapped data key is malformed"))?;
        let mut reader = decryptor
            .decrypt(identities.iter().map(|i| i as &dyn age::Identity))
            .map_err(|error| match error {
                age::DecryptError::NoMatchingKeys => locked(
                    "the identity does not open this vault",
                    "use the identity file given to 'vault init', or one whose public key was added with --recipient",
                ),
                _ => integrity("the vault's wrapped data key failed to decrypt"),
            })?;
        let mut key = Zeroizing::new(Vec::with_capacity(KEY_LEN));
        reader
            .read_to_end(&mut key)
            .map_err(|_| integrity("the vault's wrapped data key failed authentication"))?;
        let key: [u8; KEY_LEN] =
            key.as_slice().try_into().map_err(|_| integrity("the vault's data key has the wrong length"))?;
        Ok(DataKey(SecretBox::new(Box::new(key))))
    }

    /// A MAC over the data key under a key derived from the owner's identity. Anyone can
    /// wrap a key of their own to the public recipients; only the owner can make this.
    pub fn binding_tag(&self, owner: &Identity, vault_id: &str) -> Vec<u8> {
        let secret = owner.to_string();
        self.mac(secret.expose_secret().as_bytes(), vault_id, BINDING_LABEL).finalize().into_bytes().to_vec()
    }

    /// Checks [`Self::binding_tag`]; a mismatch means the wrapped key was replaced.
    pub fn verify_binding(&self, owner: &Identity, vault_id: &str, tag: &[u8]) -> anyhow::Result<()> {
        let secret = owner.to_string();
        self.mac(secret.expose_secret().as_bytes(), vault_id, BINDING_LABEL)
            .verify_slice(tag)
            .map_err(|_| integrity("the vault's data key is not the one its owner made"))
    }

    /// The owner's tag for another reader: a MAC keyed by the X25519 secret that only
    /// the owner and that reader can compute, so the reader can check the data key came
    /// from the owner whose public key it trusts.
    pub fn reader_tag(
        &self,
        owner: &Identity,
        reader: &Recipient,
        vault_id: &str,
    ) -> anyhow::Result<Vec<u8>> {
        let (owner_key, reader_key) = (owner.to_public().to_string(), reader.to_string());
        Ok(self
            .reader_mac(owner, &reader_key, &owner_key, &reader_key, vault_id)?
            .finalize()
            .into_bytes()
            .to_vec())
    }

    /// Checks [`Self::reader_tag`] from the reader's side, against the owner's public key.
    pub fn verify_reader_tag(
        &self,
        reader: &Identity,
        owner: &str,
        vault_id: &str,
        tag: &[u8],
    ) -> anyhow::Result<()> {
        let replaced = || integrity("the vault's data key is not the one its owner made");
        let reader_key = reader.to_public().to_string();
        let mac = self.reader_mac(reader, owner, owner, &reader_key, vault_id).map_err(|_| replaced())?;
        mac.verify_slice(tag).map_err(|_| replaced())
    }

    /// Whether `tag` is the owner's [`Self::reader_tag`] for `reader`, checked from the
    /// owner's side before the data key is wrapped again: a reader row planted in the
    /// file carries no tag the owner made.
    pub fn owner_made_reader_tag(
        &self,
        owner: &Identity,
        reader: &Recipient,
        vault_id: &str,
        tag: &[u8],
    ) -> bool {
        let (owner_key, reader_key) = (owner.to_public().to_string(), reader.to_string());
        self.reader_mac(owner, &reader_key, &owner_key, &reader_key, vault_id)
            .is_ok_and(|mac| mac.verify_slice(tag).is_ok())
    }

    /// The reader-tag MAC, computed by either side: `own` is the party's identity and
    /// `other` the other party's public key; both sides derive the same X25519 secret.
    fn reader_mac(
        &self,
        own: &Identity,
        other: &str,
        owner_key: &str,
        reader_key: &str,
        vault_id: &str,
    ) -> anyhow::Result<Hmac<Sha256>> {
        let shared = shared_secret(own, other)?;
        Ok(self.mac(shared.as_ref(), vault_id, &reader_info(owner_key, reader_key)))
    }

    fn mac(&self, key_material: &[u8], vault_id: &str, info: &[u8]) -> Hmac<Sha256> {
        let kdf = hkdf::Hkdf::<Sha256>::new(Some(vault_id.as_bytes()), key_material);
        let mut mac_key = Zeroizing::new([0u8; KEY_LEN]);
        // Cannot fail: 32 bytes is far below HKDF-SHA256's 8160-byte output limit.
        kdf.expand(info, mac_key.as_mut()).expect("32-byte HKDF output");
        // Cannot fail: HMAC accepts keys of any length.
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(mac_key.as_ref()).expect("HMAC takes any key length");
        mac.update(self.0.expose_secret());
        mac
    }
}

/// What a reader tag is about: both public keys, so a tag cannot be moved between readers.
fn reader_info(owner: &str, reader: &str) -> Vec<u8> {
    [READER_BINDING_LABEL, owner.as_bytes(), b"\n", reader.as_bytes()].concat()
}

/// The X25519 shared secret of an identity and another party's public key (`age1…`).
/// age keeps its scalar private, so both are read back from their Bech32 encodings.
fn shared_secret(identity: &Identity, recipient: &str) -> anyhow::Result<Zeroizing<[u8; KEY_LEN]>> {
    let encoded = identity.to_string();
    let (_, scalar) = bech32::decode(encoded.expose_secret()).context("malformed identity")?;
    let scalar = Zeroizing::new(scalar);
    let scalar: [u8; KEY_LEN] = scalar.as_slice().try_into().context("malformed identity")?;
    let secret = x25519_dalek::StaticSecret::from(scalar);
    let (_, point) = bech32::decode(recipient).context("malformed recipient")?;
    let point: [u8; KEY_LEN] = point.as_slice().try_into().context("malformed recipient")?;
    let shared = secret.diffie_hellman(&x25519_dalek::PublicKey::from(point));
    anyhow::ensure!(shared.was_contributory(), "recipient is a low-order point");
    Ok(Zeroizing::new(shared.to_bytes()))
}

/// Parses a reader's public key. Only native X25519 recipients (`age1…`) are accepted:
/// plugin recipients would run external binaries.
pub fn parse_recipient(text: &str) -> anyhow::Result<Recipient> {
    if text.trim_start().starts_with("ssh-") {
        return Err(Failure::new(
            Kind::Usage,
            "ssh keys are not accepted as readers: vault's readers are age X25519 keys (age1…), whose tags prove the data key came from the owner",
        )
        .with_hint(SSH_HINT)
        .into());
    }
    text.trim().parse::<Recipient>().map_err(|_| {
        let plugin = text.starts_with("age1") && text.rfind('1').is_some_and(|i| i > 3);
        crate::error::usage(if plugin {
            format!(
                "plugin recipient '{}' is not supported: vault never runs age plugins",
                crate::output::sanitize(text)
            )
        } else {
            format!(
                "invalid recipient '{}': expected an age X25519 public key (age1…)",
                crate::output::sanitize(text)
            )
        })
    })
}

/// How to turn an ssh key into the age key vault takes, for recipients and identities.
const SSH_HINT: &str = "convert an ssh-ed25519 key with ssh-to-age (github.com/Mic92/ssh-to-age): 'ssh-to-age -i ~/.ssh/id_ed25519.pub' prints its age1… public key, 'ssh-to-age -private-key -i ~/.ssh/id_ed25519 -o identity.txt' writes its identity file; other ssh key types do not convert: make an age key with 'age-keygen -o identity.txt'";

/// An identity file as read from disk: its identities, or a file encrypted with
/// `age -p` (binary or armored) that needs its passphrase first, as `age -d -i` and
/// rage accept it.
pub enum IdentityFile {
    Plain(Vec<Identity>),
    Encrypted(EncryptedIdentityFile),
}

/// An identity file encrypted to a passphrase (age scrypt), not decrypted yet.
pub struct EncryptedIdentityFile {
    path: std::path::PathBuf,
    ciphertext: Vec<u8>,
}

const IDENTITY_FILE_HINT: &str = "use a file made by 'age-keygen' or 'vault init --identity-file', or one of those encrypted with 'age -p'";

/// Reads an identity file: age-keygen format (comments and blank lines allowed, every
/// identity kept), or that format encrypted with `age -p`. Errors name the file and
/// line, never its content.
pub fn read_identity_file(path: &Path) -> anyhow::Result<IdentityFile> {
    crate::paths::refuse_shared_writable(path)?;
    let bytes = Zeroizing::new(std::fs::read(path).map_err(|error| {
        locked(format!("cannot read identity file {}: {error}", path.display()), IDENTITY_FILE_HINT)
    })?);
    if is_age_file(&bytes) {
        let header =
            age::Decryptor::new_buffered(age::armor::ArmoredReader::new(bytes.as_slice())).map_err(|_| {
                locked(format!("identity file {} is a damaged age file", path.display()), IDENTITY_FILE_HINT)
            })?;
        if !header.is_scrypt() {
            return Err(locked(
                format!(
                    "identity file {} is encrypted to a recipient, not with a passphrase",
                    path.display()
                ),
                "vault opens identity files encrypted with 'age -p' only",
            ));
        }
        return Ok(IdentityFile::Encrypted(EncryptedIdentityFile {
            path: path.to_path_buf(),
            ciphertext: bytes.to_vec(),
        }));
    }
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| locked(format!("identity file {} is not text", path.display()), IDENTITY_FILE_HINT))?;
    parse_identities(path, text).map(IdentityFile::Plain)
}

/// Whether `bytes` are an age file, binary (`age-encryption.org/…`) or armored.
fn is_age_file(bytes: &[u8]) -> bool {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    let bytes = &bytes[start..];
    bytes.starts_with(b"age-encryption.org/") || bytes.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----")
}

impl EncryptedIdentityFile {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The identities inside, or None when `passphrase` is not the file's.
    pub fn decrypt(&self, passphrase: &SecretString) -> anyhow::Result<Option<Vec<Identity>>> {
        let damaged = || {
            locked(format!("identity file {} is a damaged age file", self.path.display()), IDENTITY_FILE_HINT)
        };
        let costly = |required| {
            locked(
                format!(
                    "identity file {} asks for scrypt work factor {required}, above the limit of {MAX_WORK_FACTOR}",
                    self.path.display()
                ),
                "encrypt the identity again with 'age -p', which uses a lower one",
            )
        };
        let Some(plaintext) = scrypt_decrypt(&self.ciphertext, passphrase, damaged, costly)? else {
            return Ok(None);
        };
        let text = std::str::from_utf8(&plaintext).map_err(|_| damaged())?;
        parse_identities(&self.path, text).map(Some)
    }
}

/// Decrypts an age scrypt ciphertext (binary or armored); None for a wrong passphrase,
/// and work factors above [`MAX_WORK_FACTOR`] refused with `excessive` before scrypt
/// runs.
fn scrypt_decrypt(
    ciphertext: &[u8],
    passphrase: &SecretString,
    malformed: impl Fn() -> anyhow::Error,
    excessive: impl Fn(u8) -> anyhow::Error,
) -> anyhow::Result<Option<Zeroizing<Vec<u8>>>> {
    let mut scrypt = age::scrypt::Identity::new(passphrase.clone());
    scrypt.set_max_work_factor(MAX_WORK_FACTOR);
    match age::decrypt(&scrypt, ciphertext) {
        Ok(plaintext) => Ok(Some(Zeroizing::new(plaintext))),
        Err(age::DecryptError::ExcessiveWork { required, .. }) => Err(excessive(required)),
        Err(
            age::DecryptError::DecryptionFailed
            | age::DecryptError::KeyDecryptionFailed
            | age::DecryptError::NoMatchingKeys,
        ) => Ok(None),
        Err(_) => Err(malformed()),
    }
}

fn parse_identities(path: &Path, text: &str) -> anyhow::Result<Vec<Identity>> {
    let mut identities = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with("-----BEGIN OPENSSH PRIVATE KEY-----") || line.starts_with("-----BEGIN RSA") {
            return Err(locked(
                format!("identity file {} is an ssh private key, not an age identity", path.display()),
                SSH_HINT,
            ));
        }
        if line.starts_with("AGE-PLUGIN-") {
            return Err(locked(
                format!(
                    "identity file {} line {}: plugin identities are not supported",
                    path.display(),
                    number + 1
                ),
                "vault never runs age plugins; use a native X25519 identity",
            ));
        }
        let identity = line.parse::<Identity>().map_err(|_| {
            locked(
                format!("identity file {} line {}: not an age identity", path.display(), number + 1),
                IDENTITY_FILE_HINT,
            )
        })?;
        identities.push(identity);
    }
    if identities.is_empty() {
        return Err(locked(
            format!("identity file {} holds no identity", path.display()),
            IDENTITY_FILE_HINT,
        ));
    }
    Ok(identities)
}

/// Creates a new identity file for a new identity (see [`write_identity_file`]).
pub fn create_identity_file(
    path: &Path,
    passphrase: Option<(&SecretString, u8)>,
) -> anyhow::Result<Identity> {
    let identity = Identity::generate();
    write_identity_file(path, &identity, passphrase)?;
    Ok(identity)
}

/// Writes `identity` to a new file in age-keygen format, mode 0600, refusing to
/// overwrite; with a passphrase, encrypted with it as `age -p -a` would (armored, so it
/// stays a text file), under scrypt work factor `work_factor`. Makes its directory
/// entry durable: `rotate-key` commits a vault that only this file opens, so the file
/// must survive a power cut that the commit survives.
pub fn write_identity_file(
    path: &Path,
    identity: &Identity,
    passphrase: Option<(&SecretString, u8)>,
) -> anyhow::Result<()> {
    let text = keygen_text(identity);
    match passphrase {
        // Written from the zeroized text itself: no unwiped copy of the key.
        None => write_durably(path, text.as_bytes()),
        Some((passphrase, work_factor)) => {
            let mut recipient = age::scrypt::Recipient::new(passphrase.clone());
            recipient.set_work_factor(work_factor);
            let armored = age::encrypt_and_armor(&recipient, text.as_bytes())
                .context("failed to encrypt the identity file")?;
            write_durably(path, armored.as_bytes())
        }
    }
}

/// Whether the identity file at `path` is encrypted with a passphrase.
pub fn is_encrypted_identity_file(path: &Path) -> bool {
    matches!(read_identity_file(path), Ok(IdentityFile::Encrypted(_)))
}

/// The scrypt work factor of the encrypted identity file at `path`, binary or armored,
/// so that a new file can keep the cost the user chose.
pub fn identity_file_work_factor(path: &Path) -> Option<u8> {
    let Ok(IdentityFile::Encrypted(file)) = read_identity_file(path) else { return None };
    let mut binary = Vec::new();
    age::armor::ArmoredReader::new(file.ciphertext.as_slice()).read_to_end(&mut binary).ok()?;
    work_factor_of(&binary)
}

/// An identity as age-keygen writes it: creation time, public key, secret key.
fn keygen_text(identity: &Identity) -> Zeroizing<String> {
    let created = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    Zeroizing::new(format!(
        "# created: {created}\n# public key: {}\n{}\n",
        identity.to_public(),
        identity.to_string().expose_secret()
    ))
}

fn write_durably(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    crate::paths::write_new_private_file(path, bytes)
        .with_context(|| format!("failed to create identity file {}", path.display()))?;
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::File::open(parent)
        .and_then(|dir| dir.sync_all())
        .with_context(|| format!("failed to sync directory {}", parent.display()))
}

/// Encrypts the vault identity under a passphrase (age scrypt).
pub fn lock_identity(
    identity: &Identity,
    passphrase: &SecretString,
    work_factor: u8,
) -> anyhow::Result<Vec<u8>> {
    let mut recipient = age::scrypt::Recipient::new(passphrase.clone());
    recipient.set_work_factor(work_factor);
    let secret = identity.to_string();
    age::encrypt(&recipient, secret.expose_secret().as_bytes())
        .context("failed to encrypt the vault identity")
}

/// The scrypt work factor a passphrase-locked identity was sealed with, read from its
/// age header (`-> scrypt SALT N`), so a new passphrase or identity keeps the cost the
/// user chose at `init`.
pub fn work_factor_of(sealed: &[u8]) -> Option<u8> {
    let header = sealed.split(|&b| b == b'\n').take_while(|line| !line.starts_with(b"---"));
    header
        .filter_map(|line| std::str::from_utf8(line).ok()?.strip_prefix("-> scrypt "))
        .find_map(|args| args.split(' ').nth(1)?.parse().ok())
}

/// Refuses a stored identity whose scrypt work factor is above what `init` allows,
/// before anyone types a passphrase or scrypt runs: vault never writes one, so the
/// file was edited (to make every unlock take minutes and gigabytes).
pub fn check_work_factor(sealed: &[u8]) -> anyhow::Result<()> {
    match work_factor_of(sealed) {
        Some(required) if required > MAX_WORK_FACTOR => Err(excessive_work(required)),
        _ => Ok(()),
    }
}

fn excessive_work(required: u8) -> anyhow::Error {
    integrity(format!(
        "the vault asks for scrypt work factor {required}, above the limit of {MAX_WORK_FACTOR} that init allows"
    ))
}

/// Decrypts the vault identity with a passphrase, refusing work factors above the cap;
/// None when the passphrase is not the vault's.
pub fn unlock_identity(sealed: &[u8], passphrase: &SecretString) -> anyhow::Result<Option<Identity>> {
    let malformed = || integrity("the vault's stored identity is malformed");
    let Some(plaintext) = scrypt_decrypt(sealed, passphrase, malformed, excessive_work)? else {
        return Ok(None);
    };
    std::str::from_utf8(&plaintext)
        .ok()
        .and_then(|text| text.parse::<Identity>().ok())
        .map(Some)
        .ok_or_else(malformed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn binding(collection: &str, version: u64) -> Binding<'_> {
        Binding { vault_id: "v1", workspace: "default", collection, version, role: Role::Current }
    }

    #[test]
    fn sealed_blobs_open_only_where_they_were_sealed() {
        let key = DataKey::generate();
        let blob = key.seal(&binding("app", 1), b"secret").unwrap();
        assert_eq!(key.open(&binding("app", 1), &blob).unwrap().as_slice(), b"secret");
        assert!(key.open(&binding("other", 1), &blob).is_err());
        assert!(key.open(&binding("app", 2), &blob).is_err());
        assert!(DataKey::generate().open(&binding("app", 1), &blob).is_err());
        let mut flipped = blob.clone();
        flipped[30] ^= 1;
        assert!(key.open(&binding("app", 1), &flipped).is_err());
        assert!(key.open(&binding("app", 1), &blob[..10]).is_err());
    }

    #[test]
    fn a_kept_version_cannot_pass_for_the_current_one() {
        let key = DataKey::generate();
        let kept = Binding { role: Role::History, ..binding("app", 1) };
        let blob = key.seal(&kept, b"old").unwrap();
        assert!(key.open(&kept, &blob).is_ok());
        assert!(key.open(&binding("app", 1), &blob).is_err());
        let current = key.seal(&binding("app", 1), b"new").unwrap();
        assert!(key.open(&kept, &current).is_err());
        // A blob sealed before roles existed opens in either role.
        let cipher = XChaCha20Poly1305::new(key.0.expose_secret().into());
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let ad = binding("app", 1).legacy_associated_data(LEGACY_AD_LABEL);
        let mut legacy = nonce.to_vec();
        legacy.extend(cipher.encrypt(&nonce, Payload { msg: b"v".as_slice(), aad: &ad }).unwrap());
        assert!(key.open(&binding("app", 1), &legacy).is_ok() && key.open(&kept, &legacy).is_ok());
        // …but only where it was sealed.
        assert!(
            key.open(&binding("app", 2), &legacy).is_err() && key.open(&binding("db", 1), &legacy).is_err()
        );
    }

    #[test]
    fn the_data_key_unwraps_for_each_recipient_only() {
        let (a, b, c) = (Identity::generate(), Identity::generate(), Identity::generate());
        let key = DataKey::generate();
        let wrapped = key.wrap(&[a.to_public(), b.to_public()]).unwrap();
        let blob = key.seal(&binding("x", 1), b"v").unwrap();
        for reader in [&a, &b] {
            let unwrapped = DataKey::unwrap(std::slice::from_ref(reader), &wrapped).unwrap();
            assert!(unwrapped.open(&binding("x", 1), &blob).is_ok());
        }
        let err = DataKey::unwrap(&[c], &wrapped).err().unwrap();
        assert_eq!(crate::error::exit_code_of(&err), 5);
    }

    #[test]
    fn a_replaced_data_key_fails_the_owner_binding() {
        let owner = Identity::generate();
        let key = DataKey::generate();
        let tag = key.binding_tag(&owner, "vault-id");
        assert!(key.verify_binding(&owner, "vault-id", &tag).is_ok());
        assert!(DataKey::generate().verify_binding(&owner, "vault-id", &tag).is_err());
        assert!(key.verify_binding(&owner, "other-vault", &tag).is_err());
    }

    #[test]
    fn a_reader_checks_the_data_key_against_the_owner_it_trusts() {
        let (owner, reader, forger) = (Identity::generate(), Identity::generate(), Identity::generate());
        let owner_key = owner.to_public().to_string();
        let key = DataKey::generate();
        let tag = key.reader_tag(&owner, &reader.to_public(), "vault-id").unwrap();
        assert!(key.verify_reader_tag(&reader, &owner_key, "vault-id", &tag).is_ok());
        assert!(DataKey::generate().verify_reader_tag(&reader, &owner_key, "vault-id", &tag).is_err());
        assert!(key.verify_reader_tag(&reader, &owner_key, "other-vault", &tag).is_err());
        assert!(key.verify_reader_tag(&forger, &owner_key, "vault-id", &tag).is_err());
        let forged = key.reader_tag(&forger, &reader.to_public(), "vault-id").unwrap();
        assert!(key.verify_reader_tag(&reader, &owner_key, "vault-id", &forged).is_err());
    }

    #[test]
    fn passphrase_locks_the_identity_and_caps_the_work_factor() {
        let identity = Identity::generate();
        let pass = SecretString::from("correct horse");
        let sealed = lock_identity(&identity, &pass, 2).unwrap();
        let back = unlock_identity(&sealed, &pass).unwrap().unwrap();
        assert_eq!(back.to_public().to_string(), identity.to_public().to_string());
        assert!(unlock_identity(&sealed, &SecretString::from("nope")).unwrap().is_none());
        assert_eq!(work_factor_of(&sealed), Some(2));
        assert_eq!(work_factor_of(b"not an age file"), None);
    }

    #[test]
    fn an_encrypted_identity_file_opens_with_its_passphrase_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("id.age");
        let pass = SecretString::from("file pass");
        let identity = create_identity_file(&path, Some((&pass, 2))).unwrap();
        let IdentityFile::Encrypted(file) = read_identity_file(&path).unwrap() else {
            panic!("not encrypted")
        };
        let opened = file.decrypt(&pass).unwrap().unwrap();
        assert_eq!(opened[0].to_public().to_string(), identity.to_public().to_string());
        assert!(file.decrypt(&SecretString::from("nope")).unwrap().is_none());
        assert_eq!(identity_file_work_factor(&path), Some(2));
        // One edited to ask for more than the cap is refused before scrypt runs: exit 5.
        let mut binary = Vec::new();
        age::armor::ArmoredReader::new(file.ciphertext.as_slice()).read_to_end(&mut binary).unwrap();
        let at = binary.windows(2).position(|w| w == b" 2").unwrap();
        binary.splice(at..at + 2, b" 30".iter().copied());
        let costly = dir.path().join("costly.age");
        std::fs::write(&costly, &binary).unwrap();
        let IdentityFile::Encrypted(costly) = read_identity_file(&costly).unwrap() else {
            panic!("not encrypted")
        };
        let error = costly.decrypt(&pass).err().unwrap();
        assert_eq!(crate::error::exit_code_of(&error), 5);
        assert!(error.to_string().contains("work factor 30"), "{error}");
        // Encrypted to a recipient, not a passphrase: refused, exit 5.
        let to_key = dir.path().join("to-key.age");
        std::fs::write(&to_key, age::encrypt(&identity.to_public(), b"x").unwrap()).unwrap();
        assert_eq!(crate::error::exit_code_of(&read_identity_file(&to_key).err().unwrap()), 5);
    }

    #[test]
    fn plugin_and_malformed_recipients_are_refused() {
        assert!(parse_recipient(&Identity::generate().to_public().to_string()).is_ok());
        assert!(parse_recipient("age1yubikey1qwertyuiop").is_err());
        assert!(parse_recipient("ssh-ed25519 AAAA").is_err());
    }
}
