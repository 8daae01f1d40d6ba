//! `vault run --mask`: secret values in a stream of output replaced with [`MARKER`],
//! however the stream is cut into writes.
//!
//! One Aho-Corasick automaton (the aho-corasick crate's contiguous NFA) holds every
//! value; each output stream steps it a byte at a time and keeps its state between
//! reads, so a value split across writes, or written one byte at a time, is still
//! found. What is held back is exactly the tail that could still become a value: the
//! automaton's state stands for the longest suffix of the output so far that starts
//! some value, and its length (the state's depth in the trie, measured once by
//! walking every value from the start state) says how many bytes may not be shown
//! yet. Everything before it goes out at once.
//!
//! When output pauses with bytes held back (a prompt ending in what could start a
//! value), the caller [`Masker::flush`]es them: they are shown, and the automaton keeps
//! its state, so if the value does go on, the rest of it is still concealed. Only a
//! value whose writer paused mid-value can show a prefix.
//!
//! What is concealed: each value with its trailing line ending trimmed (so `cat FILE`
//! keeps its last newline), and, for multi-line values, the same with CRLF line
//! endings, as a terminal's output processing turns `\n` into `\r\n`. Values shorter
//! than [`MIN_FINDABLE_LEN`] bytes are not concealed: a secret of `a` would conceal every `a`.

use std::collections::{HashMap, HashSet};

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, MatchKind};
use zeroize::Zeroizing;

use crate::model::{MIN_FINDABLE_LEN, without_line_end};

/// What a concealed value is replaced with.
pub const MARKER: &[u8] = b"<concealed by vault>";

/// The automaton for every value to conceal, shared by all output streams.
pub struct Patterns {
    nfa: NFA,
    start: StateID,
    /// The depth of every state but the start state: the length of the value prefix
    /// it stands for.
    depth: HashMap<StateID, usize>,
}

impl Patterns {
    /// The automaton for `values` (named by location), and the locations of the
    /// non-empty values too short to conceal. `None` when nothing is to be concealed.
    pub fn new<'a>(
        values: impl IntoIterator<Item = (&'a str, &'a [u8])>,
    ) -> anyhow::Result<(Option<Patterns>, Vec<String>)> {
        let mut patterns = HashSet::new();
        let mut short = Vec::new();
        for (location, value) in values {
            let trimmed = without_line_end(value);
            if trimmed.len() < MIN_FINDABLE_LEN {
                if !trimmed.is_empty() {
                    short.push(location.to_owned());
                }
                continue;
            }
            if trimmed.contains(&b'\n') {
                patterns.insert(crlf(trimmed));
            }
            patterns.insert(trimmed.to_vec());
        }
        if patterns.is_empty() {
            return Ok((None, short));
        }
        let nfa = NFA::builder()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .map_err(|e| anyhow::anyhow!("cannot prepare --mask: {e}"))?;
        let start =
            nfa.start_state(Anchored::No).map_err(|e| anyhow::anyhow!("cannot prepare --mask: {e}"))?;
        // Walking a value from the start state passes through the trie node of each of
        // its prefixes, in order: that names every state with its depth.
        let mut depth = HashMap::new();
        for pattern in &patterns {
            let mut state = start;
            for (at, &byte) in pattern.iter().enumerate() {
                state = nfa.next_state(Anchored::No, state, byte);
                depth.insert(state, at + 1);
            }
        }
        Ok((Some(Patterns { nfa, start, depth }), short))
    }

    fn depth(&self, state: StateID) -> usize {
        self.depth.get(&state).copied().unwrap_or(0)
    }

    /// The length of the longest value ending in `state`, if one does.
    fn longest_match(&self, state: StateID) -> Option<usize> {
        if !self.nfa.is_match(state) {
            return None;
        }
        (0..self.nfa.match_len(state)).map(|i| self.nfa.pattern_len(self.nfa.match_pattern(state, i))).max()
    }
}

/// `value` with every lone `\n` as `\r\n`.
fn crlf(value: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len() + 16);
    for (at, &byte) in value.iter().enumerate() {
        if byte == b'\n' && (at == 0 || value[at - 1] != b'\r') {
            out.push(b'\r');
        }
        out.push(byte);
    }
    out
}

/// A stretch of output, by absolute position, that a value covers.
#[derive(Clone, Copy)]
struct Concealed {
    start: u64,
    end: u64,
    /// It goes on from a stretch whose marker was already written: no second marker.
    continues: bool,
}

/// One output stream being masked.
pub struct Masker<'a> {
    patterns: &'a Patterns,
    state: StateID,
    /// Bytes read but not written yet; `held[0]` is at absolute position `held_at`.
    /// They may be part of a value: wiped when dropped.
    held: Zeroizing<Vec<u8>>,
    held_at: u64,
    /// Concealed stretches within (or ending within) `held`, by start, not overlapping.
    concealed: Vec<Concealed>,
    /// Where the last written marker's stretch ended.
    marker_end: u64,
}

impl<'a> Masker<'a> {
    pub fn new(patterns: &'a Patterns) -> Self {
        Masker {
            patterns,
            state: patterns.start,
            held: Zeroizing::new(Vec::new()),
            held_at: 0,
            concealed: Vec::new(),
            marker_end: 0,
        }
    }

    /// Takes `input`, the stream's next bytes, and appends to `out` everything that can
    /// be shown now: all but a tail that could still become a value.
    pub fn feed(&mut self, input: &[u8], out: &mut Vec<u8>) {
        for &byte in input {
            self.state = self.patterns.nfa.next_state(Anchored::No, self.state, byte);
            self.held.push(byte);
            if let Some(len) = self.patterns.longest_match(self.state) {
                let end = self.end();
                self.conceal(end - len as u64, end);
            }
        }
        let cut = self.end() - self.patterns.depth(self.state) as u64;
        self.write_until(cut, out);
    }

    /// Whether bytes are held back.
    pub fn holds(&self) -> bool {
        !self.held.is_empty()
    }

    /// Appends everything held back to `out` (the stream paused or ended).
    pub fn flush(&mut self, out: &mut Vec<u8>) {
        self.write_until(self.end(), out);
    }

    /// The absolute position after the last byte read.
    fn end(&self) -> u64 {
        self.held_at + self.held.len() as u64
    }

    fn conceal(&mut self, start: u64, end: u64) {
        let continues = start < self.held_at && self.marker_end == self.held_at;
        let mut new = Concealed { start: start.max(self.held_at), end, continues };
        // Every earlier stretch ends no later than this one: merge those it touches.
        while let Some(last) = self.concealed.last().copied() {
            if last.end < new.start {
                break;
            }
            self.concealed.pop();
            if last.start <= new.start {
                new.continues = last.continues || (last.start == new.start && new.continues);
                new.start = last.start;
            }
        }
        self.concealed.push(new);
    }

    /// Writes the held bytes before `cut`, a marker for each concealed stretch that
    /// starts before it (and the whole stretch with it), and drops them from `held`.
    fn write_until(&mut self, cut: u64, out: &mut Vec<u8>) {
        let mut done = self.held_at;
        let mut taken = 0;
        for stretch in self.concealed.iter().take_while(|stretch| stretch.start < cut) {
            out.extend_from_slice(
                &self.held[(done - self.held_at) as usize..(stretch.start - self.held_at) as usize],
            );
            if !stretch.continues {
                out.extend_from_slice(MARKER);
            }
            done = stretch.end;
            self.marker_end = stretch.end;
            taken += 1;
        }
        self.concealed.drain(..taken);
        if cut > done {
            out.extend_from_slice(&self.held[(done - self.held_at) as usize..(cut - self.held_at) as usize]);
            done = cut;
        }
        self.held.drain(..(done - self.held_at) as usize);
        self.held_at = done;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patterns(values: &[&str]) -> Patterns {
        let (patterns, _) = Patterns::new(values.iter().map(|v| ("X", v.as_bytes()))).unwrap();
        patterns.unwrap()
    }

    /// `input` fed in the given pieces, then flushed.
    fn masked(patterns: &Patterns, pieces: &[&[u8]]) -> String {
        let mut masker = Masker::new(patterns);
        let mut out = Vec::new();
        for piece in pieces {
            masker.feed(piece, &mut out);
        }
        masker.flush(&mut out);
        String::from_utf8(out).unwrap()
    }

    fn whole(patterns: &Patterns, input: &str) -> String {
        masked(patterns, &[input.as_bytes()])
    }

    const M: &str = "<concealed by vault>";

    #[test]
    fn values_are_replaced_wherever_they_are() {
        let p = patterns(&["hunter22", "s3cr3t-token"]);
        assert_eq!(whole(&p, "pw=hunter22 t=s3cr3t-token."), format!("pw={M} t={M}."));
        assert_eq!(whole(&p, "hunter2 is not it"), "hunter2 is not it");
        assert_eq!(whole(&p, "hunter22hunter22"), M, "adjacent copies make one stretch");
    }

    #[test]
    fn a_value_written_one_byte_at_a_time_is_replaced() {
        let p = patterns(&["hunter22"]);
        let input = b"\x1b[31mhunter22\x1b[0m\n";
        let bytes: Vec<&[u8]> = input.chunks(1).collect();
        assert_eq!(masked(&p, &bytes), format!("\x1b[31m{M}\x1b[0m\n"));
    }

    #[test]
    fn only_a_possible_start_of_a_value_is_held_back() {
        let p = patterns(&["hunter22"]);
        let mut masker = Masker::new(&p);
        let mut out = Vec::new();
        masker.feed(b"say hun", &mut out);
        assert_eq!(out, b"say ");
        assert!(masker.holds());
        masker.feed(b"gry", &mut out);
        assert_eq!(out, b"say hungry");
        assert!(!masker.holds());
    }

    #[test]
    fn after_a_flush_the_rest_of_a_value_is_still_concealed() {
        let p = patterns(&["hunter22"]);
        let mut masker = Masker::new(&p);
        let mut out = Vec::new();
        masker.feed(b"> hunt", &mut out);
        masker.flush(&mut out);
        masker.feed(b"er22 <", &mut out);
        masker.flush(&mut out);
        assert_eq!(String::from_utf8(out).unwrap(), format!("> hunt{M} <"));
    }

    #[test]
    fn overlapping_and_nested_values_make_one_marker() {
        let p = patterns(&["abcdef", "cdefgh", "bcdefghijk"]);
        assert_eq!(whole(&p, "xabcdefghijky"), format!("x{M}y"));
        let bytes: Vec<&[u8]> = b"xabcdefghijky".chunks(1).collect();
        assert_eq!(masked(&p, &bytes), format!("x{M}y"));
        assert_eq!(whole(&p, "abcdefgh"), M);
    }

    #[test]
    fn multi_line_values_are_concealed_with_either_line_ending() {
        let p = patterns(&["-----BEGIN KEY-----\nAAAA\n-----END KEY-----\n"]);
        let lf = "x\n-----BEGIN KEY-----\nAAAA\n-----END KEY-----\ny";
        assert_eq!(whole(&p, lf), format!("x\n{M}\ny"));
        let crlf = lf.replace('\n', "\r\n");
        assert_eq!(whole(&p, &crlf), format!("x\r\n{M}\r\ny"));
    }

    #[test]
    fn short_values_are_named_and_not_concealed() {
        let values: [(&str, &[u8]); 4] =
            [("PIN", b"1234"), ("EMPTY", b""), ("NL", b"abcde\n"), ("TOKEN", b"abcdef\n")];
        let (patterns, short) = Patterns::new(values).unwrap();
        assert_eq!(short, ["PIN", "NL"]);
        assert_eq!(whole(&patterns.unwrap(), "1234 abcdef\n"), format!("1234 {M}\n"));
        let (none, short) = Patterns::new([("A", &b"ab"[..])]).unwrap();
        assert!(none.is_none() && short == ["A"]);
    }

    #[test]
    fn random_cuts_never_show_a_value() {
        let p = patterns(&["s3cr3t-value", "t-value-2", "另一个秘密值"]);
        let input = "head s3cr3t-value mid t-value-2 另一个秘密值 s3cr3t-valu tail".as_bytes();
        let expected = whole(&p, std::str::from_utf8(input).unwrap());
        assert_eq!(expected, format!("head {M} mid {M} {M} s3cr3t-valu tail"));
        let mut seed = 0x9e3779b97f4a7c15u64;
        for _ in 0..500 {
            let mut pieces = Vec::new();
            let mut at = 0;
            while at < input.len() {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let len = (1 + seed % 7) as usize;
                pieces.push(&input[at..(at + len).min(input.len())]);
                at += len;
            }
            assert_eq!(masked(&p, &pieces), expected);
        }
    }
}
