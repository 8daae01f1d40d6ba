//! The plaintext inside a sealed collection version: a small, versioned, length-prefixed
//! list of secrets. It is only ever read after the AEAD tag verified, but it is still
//! parsed strictly (no trailing bytes, every field checked) so a bug elsewhere cannot
//! turn into a misread value.
//!
//! Layout (all integers big-endian):
//! `b"VSP1"`, u32 count, then per secret: u8 type, u8 kind, u16 location length,
//! location bytes, u32 value length, value bytes.

use anyhow::{Context, bail};
use secrecy::ExposeSecret;
use zeroize::Zeroizing;

use crate::model::{Kind, Secret, SecretType};

const MAGIC: &[u8; 4] = b"VSP1";

/// Serialises secrets into a zeroizing buffer, ready to be sealed.
pub fn encode(secrets: &[Secret]) -> Zeroizing<Vec<u8>> {
    let size: usize = secrets.iter().map(|s| 8 + s.location.len() + s.value.expose_secret().len()).sum();
    let mut out = Zeroizing::new(Vec::with_capacity(8 + size));
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(secrets.len() as u32).to_be_bytes());
    for secret in secrets {
        out.push(type_code(secret.secret_type));
        out.push(kind_code(secret.kind));
        out.extend_from_slice(&(secret.location.len() as u16).to_be_bytes());
        out.extend_from_slice(secret.location.as_bytes());
        let value = secret.value.expose_secret();
        out.extend_from_slice(&(value.len() as u32).to_be_bytes());
        out.extend_from_slice(value);
    }
    out
}

/// Parses a decrypted payload back into validated secrets.
pub fn decode(bytes: &[u8]) -> anyhow::Result<Vec<Secret>> {
    let mut reader = Reader { bytes, pos: 0 };
    if reader.take(4)? != MAGIC {
        bail!("unknown payload format");
    }
    let count = reader.u32()? as usize;
    let mut secrets = Vec::with_capacity(count.min(1024));
    for _ in 0..count {
        let secret_type = match reader.u8()? {
            0 => SecretType::Env,
            1 => SecretType::File,
            _ => bail!("unknown secret type in payload"),
        };
        let kind = match reader.u8()? {
            0 => Kind::Generic,
            1 => Kind::Password,
            2 => Kind::Key,
            3 => Kind::Token,
            _ => bail!("unknown secret kind in payload"),
        };
        let location_len = reader.u16()? as usize;
        let location = std::str::from_utf8(reader.take(location_len)?)
            .context("location in payload is not UTF-8")?
            .to_owned();
        let value_len = reader.u32()? as usize;
        let value = reader.take(value_len)?.to_vec();
        secrets.push(Secret::new(secret_type, location, kind, value)?);
    }
    if reader.pos != bytes.len() {
        bail!("trailing bytes after payload");
    }
    Ok(secrets)
}

fn type_code(secret_type: SecretType) -> u8 {
    match secret_type {
        SecretType::Env => 0,
        SecretType::File => 1,
    }
}

fn kind_code(kind: Kind) -> u8 {
    match kind {
        Kind::Generic => 0,
        Kind::Password => 1,
        Kind::Key => 2,
        Kind::Token => 3,
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> anyhow::Result<&'a [u8]> {
        let end = self.pos.checked_add(n).filter(|&end| end <= self.bytes.len());
        let Some(end) = end else { bail!("payload is truncated") };
        let slice = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(slice)
    }

    fn u8(&mut self) -> anyhow::Result<u8> {
        Ok(self.take(1)?[0])
    }

    fn u16(&mut self) -> anyhow::Result<u16> {
        let b = self.take(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }

    fn u32(&mut self) -> anyhow::Result<u32> {
        let b = self.take(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Secret> {
        vec![
            Secret::new(SecretType::Env, "API_KEY".into(), Kind::Key, b"v".to_vec()).unwrap(),
            Secret::new(SecretType::File, "tls/a.bin".into(), Kind::Generic, (0..=255).collect()).unwrap(),
            Secret::new(SecretType::Env, "EMPTY".into(), Kind::Token, Vec::new()).unwrap(),
        ]
    }

    #[test]
    fn round_trips_exact_bytes() {
        let encoded = encode(&sample());
        let decoded = decode(&encoded).unwrap();
        assert_eq!(decoded.len(), 3);
        for (a, b) in sample().iter().zip(&decoded) {
            assert_eq!(a.meta(), b.meta());
            assert_eq!(a.value.expose_secret(), b.value.expose_secret());
        }
    }

    #[test]
    fn rejects_truncated_or_extended_payloads() {
        let encoded = encode(&sample());
        for cut in 0..encoded.len() {
            assert!(decode(&encoded[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = encoded.to_vec();
        longer.push(0);
        assert!(decode(&longer).is_err());
    }
}
