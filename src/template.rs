//! Templates for `vault inject` and `vault run --template`: any bytes, in which
//! `{{ COLLECTION.LOCATION }}` stands for a stored value (`{{ app.DB_URL }}`,
//! `{{ prod/db.PASSWORD }}`, `{{ app.tls/key.pem }}`). The reference splits at its
//! first `.`: the collection (`ID` or `WS/ID`) before it, the location after it, so a
//! collection or workspace whose name holds a `.` cannot be named here. Spaces and tabs
//! inside the braces are optional. `{{{{` is a literal `{{`; a `}}` outside a
//! reference is text. Anything else after `{{` (an unclosed reference, one spanning
//! lines, one that is not `COLLECTION.LOCATION`) is an error naming its line, so a
//! typo never passes through as text.
//!
//! This module only parses and renders; it knows nothing of the store or keys.

use zeroize::Zeroizing;

use crate::error::usage;

/// One `{{ COLLECTION.LOCATION }}` in a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// As written: `ID` or `WS/ID`.
    pub collection: String,
    pub location: String,
    /// 1-based line of the template where it stands.
    pub line: usize,
}

impl Reference {
    /// `COLLECTION.LOCATION`, as written in the template.
    pub fn shown(&self) -> String {
        crate::output::sanitize(&format!("{}.{}", self.collection, self.location))
    }
}

enum Piece {
    Text(Vec<u8>),
    Value(Reference),
}

/// A parsed template: text and references in order.
pub struct Template {
    pieces: Vec<Piece>,
}

impl Template {
    /// Parses `text`; `shown` names the template in errors.
    pub fn parse(text: &[u8], shown: &str) -> anyhow::Result<Template> {
        let mut pieces = Vec::new();
        let mut literal = Vec::new();
        let mut line = 1;
        let mut at = 0;
        while at < text.len() {
            if !text[at..].starts_with(b"{{") {
                line += usize::from(text[at] == b'\n');
                literal.push(text[at]);
                at += 1;
                continue;
            }
            if text[at + 2..].starts_with(b"{{") {
                literal.extend_from_slice(b"{{");
                at += 4;
                continue;
            }
            let inside = &text[at + 2..];
            let end =
                inside.windows(2).position(|w| w == b"}}").filter(|&end| !inside[..end].contains(&b'\n'));
            let Some(end) = end else {
                return Err(usage(format!(
                    "{shown} line {line}: '{{{{' without '}}}}' on the same line; write {{{{{{{{ for a literal {{{{"
                )));
            };
            let reference = parse_reference(&inside[..end], line)
                .ok_or_else(|| {
                    let written = crate::output::sanitize(&String::from_utf8_lossy(&inside[..end]));
                    usage(format!(
                        "{shown} line {line}: '{{{{{written}}}}}' is not a reference; write {{{{ COLLECTION.LOCATION }}}}, or {{{{{{{{ for a literal {{{{"
                    ))
                })?;
            pieces.push(Piece::Text(std::mem::take(&mut literal)));
            pieces.push(Piece::Value(reference));
            at += 2 + end + 2;
        }
        pieces.push(Piece::Text(literal));
        Ok(Template { pieces })
    }

    /// Every reference, in template order (repeats included).
    pub fn references(&self) -> impl Iterator<Item = &Reference> {
        self.pieces.iter().filter_map(|piece| match piece {
            Piece::Value(reference) => Some(reference),
            Piece::Text(_) => None,
        })
    }

    /// The template with each reference replaced by the bytes `value` gives for it.
    /// Values are inserted as they are: nothing in them is parsed again.
    pub fn render<'a>(
        &self,
        value: impl Fn(&Reference) -> anyhow::Result<&'a [u8]>,
    ) -> anyhow::Result<Zeroizing<Vec<u8>>> {
        let mut out = Zeroizing::new(Vec::new());
        for piece in &self.pieces {
            match piece {
                Piece::Text(text) => out.extend_from_slice(text),
                Piece::Value(reference) => out.extend_from_slice(value(reference)?),
            }
        }
        Ok(out)
    }
}

/// `COLLECTION.LOCATION` between optional spaces and tabs, split at the first `.`;
/// both parts non-empty, without spaces.
fn parse_reference(inside: &[u8], line: usize) -> Option<Reference> {
    let text = std::str::from_utf8(inside).ok()?.trim_matches([' ', '\t']);
    let (collection, location) = text.split_once('.')?;
    let plain =
        |part: &str| !part.is_empty() && !part.contains(|c: char| c.is_whitespace() || c.is_control());
    (plain(collection) && plain(location)).then(|| Reference {
        collection: collection.to_owned(),
        location: location.to_owned(),
        line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> anyhow::Result<Template> {
        Template::parse(text.as_bytes(), "t.tpl")
    }

    fn refs(text: &str) -> Vec<(String, String, usize)> {
        parse(text)
            .unwrap()
            .references()
            .map(|r| (r.collection.clone(), r.location.clone(), r.line))
            .collect()
    }

    #[test]
    fn references_split_at_the_first_dot() {
        assert_eq!(
            refs("a={{ app.DB_URL }}\nb={{prod/db.PASSWORD}}\nc={{\tapp.tls/key.pem }}"),
            [
                ("app".into(), "DB_URL".into(), 1),
                ("prod/db".into(), "PASSWORD".into(), 2),
                ("app".into(), "tls/key.pem".into(), 3)
            ]
        );
    }

    #[test]
    fn rendering_replaces_references_and_keeps_everything_else() {
        let template = parse("x {{{{ y }} {{ app.A }}{{app.B}} }} é\r\n{{{{app.A}}").unwrap();
        let rendered =
            template.render(|r| Ok(if r.location == "A" { b"1{{ app.B }}" } else { b"" })).unwrap();
        assert_eq!(&rendered[..], "x {{ y }} 1{{ app.B }} }} é\r\n{{app.A}}".as_bytes());
    }

    #[test]
    fn binary_templates_render_byte_for_byte() {
        let text = [0u8, 255, b'{', b'{', b'a', b'.', b'K', b'}', b'}', 0xc3];
        let rendered = Template::parse(&text, "t").unwrap().render(|_| Ok(&[1, 2])).unwrap();
        assert_eq!(&rendered[..], [0, 255, 1, 2, 0xc3]);
    }

    #[test]
    fn malformed_references_are_errors_naming_the_line() {
        for (text, line) in [
            ("ok\n{{ app }}", 2),
            ("{{ .KEY }}", 1),
            ("{{ app. }}", 1),
            ("{{ a pp.KEY }}", 1),
            ("a\nb\n{{ app.KEY", 3),
            ("{{ app.KEY\n}}", 1),
            ("{{}}", 1),
            ("{{{ app.KEY }}}", 1),
        ] {
            let error = parse(text).err().unwrap().to_string();
            assert!(error.starts_with(&format!("t.tpl line {line}: ")), "{text:?}: {error}");
        }
        let error = parse("{{ \u{1b}[2Jx }}").err().unwrap().to_string();
        assert!(!error.contains('\u{1b}'), "{error}");
    }
}
