//! `vault scan`'s engine: stored values looked for in many files at once. Every value
//! is a pattern of one Aho–Corasick automaton, so each file is read once and searched
//! in one pass whatever the number of values. It never prints: it reports which values
//! it found where, by index, and the command names their locations.
//!
//! - [`files`]: the files under the given paths, `.gitignore` respected when asked
//! - [`staged`]: the blobs in git's index that differ from `HEAD`, read through `git`

mod files;
mod staged;

use aho_corasick::{AhoCorasick, MatchKind};

pub use self::files::{Unreadable, each_file};
pub use self::staged::staged_files;

/// The values to look for, and whose each is (several secrets may share a value).
pub struct Needles {
    matcher: AhoCorasick,
    /// For each distinct value (pattern), the indices of the secrets holding it.
    owners: Vec<Vec<usize>>,
}

/// One value found: its line (1-based) and the secrets that hold it.
pub struct Hit<'a> {
    pub line: usize,
    pub owners: &'a [usize],
}

impl Needles {
    /// One pattern per distinct value; `values[i]` belongs to secret `i`. Empty values
    /// are the caller's to leave out.
    pub fn new(values: &[&[u8]]) -> anyhow::Result<Needles> {
        let mut index: std::collections::HashMap<&[u8], usize> = std::collections::HashMap::new();
        let mut patterns: Vec<&[u8]> = Vec::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        for (secret, value) in values.iter().enumerate() {
            let pattern = *index.entry(value).or_insert_with(|| {
                patterns.push(value);
                owners.push(Vec::new());
                patterns.len() - 1
            });
            owners[pattern].push(secret);
        }
        // Leftmost-longest: a value that holds another is reported as itself.
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .map_err(|e| anyhow::anyhow!("cannot build the matcher for {} values: {e}", patterns.len()))?;
        Ok(Needles { matcher, owners })
    }

    /// Every value found in `haystack`, in order, with its line.
    pub fn find<'a>(&'a self, haystack: &[u8]) -> Vec<Hit<'a>> {
        let mut hits = Vec::new();
        let (mut line, mut counted) = (1, 0);
        for found in self.matcher.find_iter(haystack) {
            line += haystack[counted..found.start()].iter().filter(|&&b| b == b'\n').count();
            counted = found.start();
            hits.push(Hit { line, owners: &self.owners[found.pattern().as_usize()] });
        }
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_found_with_their_lines_and_owners() {
        let needles =
            Needles::new(&[b"hunter2-long", b"other-secret", b"hunter2-long", b"hunter2-longer"]).unwrap();
        let text = b"a\nx=hunter2-long y=other-secret\n\n\nhunter2-longer\r\nend other-secret";
        let hits: Vec<(usize, Vec<usize>)> =
            needles.find(text).iter().map(|h| (h.line, h.owners.to_vec())).collect();
        assert_eq!(hits, [(2, vec![0, 2]), (2, vec![1]), (5, vec![3]), (6, vec![1])]);
        assert!(needles.find(b"hunter2-lon").is_empty());
        assert!(Needles::new(&[]).unwrap().find(b"anything").is_empty(), "no values, no hits");
    }

    #[test]
    fn multi_line_and_binary_values_are_found() {
        let needles =
            Needles::new(&[b"-----BEGIN KEY-----\nabc\n-----END KEY-----", &[0, 159, 146, 150, 255]])
                .unwrap();
        let text = [
            b"one\ntwo -----BEGIN KEY-----\nabc\n-----END KEY-----\n".as_slice(),
            &[7, 0, 159, 146, 150, 255],
        ]
        .concat();
        let lines: Vec<usize> = needles.find(&text).iter().map(|h| h.line).collect();
        assert_eq!(lines, [2, 5]);
    }
}
