//! Generated secret values for `--generate KEY`: characters drawn from the operating
//! system's CSPRNG (`getrandom`), each chosen without bias by rejection sampling: a
//! random byte is used only below the largest multiple of the alphabet's size that
//! fits in a byte, so every character is exactly equally likely (a plain `byte %
//! size` would favour the first `256 % size` characters).

use zeroize::Zeroizing;

/// The length used when `--length` is not given: 32 alphanumeric characters are about
/// 190 bits.
pub const DEFAULT_LENGTH: u16 = 32;
/// The shortest value `--length` accepts.
pub const MIN_LENGTH: u16 = 8;
/// The longest value `--length` accepts (well below the 64 KiB of an env value).
pub const MAX_LENGTH: u16 = 4096;

/// The characters a generated value is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Charset {
    /// A–Z a–z 0–9 (about 5.95 bits per character)
    #[default]
    Alnum,
    /// A–Z a–z 0–9 and the punctuation !#$%&()*+,-./:;<=>?@[]^_{|}~ (no quotes,
    /// backslash, backtick or space, which configs and shells would need escaped)
    Symbols,
    /// 0–9 a–f (4 bits per character; an even length decodes to length/2 bytes)
    Hex,
    /// The standard base64 alphabet A–Z a–z 0–9 + / (6 bits per character; a length
    /// that is a multiple of 4 decodes to 3/4 as many bytes)
    Base64,
}

const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const SYMBOLS: &[u8] = b"!#$%&()*+,-./:;<=>?@[]^_{|}~";
const HEX: &[u8] = b"0123456789abcdef";
const BASE64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

impl Charset {
    /// Every character of the set, each once.
    pub fn alphabet(self) -> Vec<u8> {
        match self {
            Charset::Alnum => ALNUM.to_vec(),
            Charset::Symbols => [ALNUM, SYMBOLS].concat(),
            Charset::Hex => HEX.to_vec(),
            Charset::Base64 => BASE64.to_vec(),
        }
    }
}

/// A new value of `length` characters of `charset`, from the OS's random source.
pub fn generate(charset: Charset, length: u16) -> anyhow::Result<Zeroizing<Vec<u8>>> {
    let mut failure = None;
    let value = sample(&charset.alphabet(), usize::from(length), |buffer| {
        if let Err(error) = getrandom::fill(buffer) {
            failure.get_or_insert(error);
        }
    });
    match failure {
        None => Ok(value),
        Some(error) => Err(anyhow::anyhow!("the operating system's random source failed: {error}")),
    }
}

/// `length` characters of `alphabet` (1–256 characters), each from a byte `fill` gives
/// that is below the largest multiple of the alphabet's size; other bytes are dropped.
fn sample(alphabet: &[u8], length: usize, mut fill: impl FnMut(&mut [u8])) -> Zeroizing<Vec<u8>> {
    let size = alphabet.len();
    assert!((1..=256).contains(&size), "an alphabet has 1 to 256 characters");
    // 256 - 256 % size: the bytes at or above it would favour the first characters.
    let limit = 256 - 256 % size;
    let mut value = Zeroizing::new(Vec::with_capacity(length));
    let mut buffer = Zeroizing::new([0u8; 64]);
    while value.len() < length {
        fill(&mut buffer[..]);
        for &byte in buffer.iter().filter(|&&byte| usize::from(byte) < limit) {
            if value.len() == length {
                break;
            }
            value.push(alphabet[usize::from(byte) % size]);
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_have_the_length_and_characters_asked_for() {
        for charset in [Charset::Alnum, Charset::Symbols, Charset::Hex, Charset::Base64] {
            let alphabet = charset.alphabet();
            for length in [MIN_LENGTH, DEFAULT_LENGTH, 333, MAX_LENGTH] {
                let value = generate(charset, length).unwrap();
                assert_eq!(value.len(), usize::from(length));
                assert!(value.iter().all(|c| alphabet.contains(c)), "{charset:?}");
            }
        }
        assert_ne!(*generate(Charset::Alnum, 32).unwrap(), *generate(Charset::Alnum, 32).unwrap());
    }

    #[test]
    fn alphabets_hold_each_character_once() {
        for (charset, size) in
            [(Charset::Alnum, 62), (Charset::Symbols, 90), (Charset::Hex, 16), (Charset::Base64, 64)]
        {
            let mut alphabet = charset.alphabet();
            alphabet.sort_unstable();
            alphabet.dedup();
            assert_eq!(alphabet.len(), size, "{charset:?}");
        }
    }

    #[test]
    fn bytes_that_would_bias_the_choice_are_rejected() {
        // 62 characters: bytes 248–255 (256 - 256 % 62 = 248) would make 'A'–'H' likelier.
        let mut calls = 0;
        let value = sample(ALNUM, 3, |buffer| {
            calls += 1;
            buffer.fill(if calls == 1 { 248 } else { 255 });
            if calls == 3 {
                buffer[..3].copy_from_slice(&[0, 247, 73]);
            }
        });
        assert_eq!(calls, 3, "a buffer of only rejected bytes is drawn again");
        assert_eq!(*value, *b"A9L", "247 = 3 * 62 + 61 is the last accepted byte; 73 = 62 + 11");
    }

    #[test]
    fn every_byte_value_maps_evenly_onto_the_alphabet() {
        // Over one of each accepted byte value, every character comes up equally often.
        for charset in [Charset::Alnum, Charset::Symbols, Charset::Hex, Charset::Base64] {
            let alphabet = charset.alphabet();
            let limit = 256 - 256 % alphabet.len();
            let mut next = 0usize;
            let value = sample(&alphabet, limit, |buffer| {
                for byte in buffer.iter_mut() {
                    *byte = (next % 256) as u8;
                    next += 1;
                }
            });
            for c in &alphabet {
                let count = value.iter().filter(|v| *v == c).count();
                assert_eq!(count, limit / alphabet.len(), "{charset:?} {}", *c as char);
            }
        }
    }
}
