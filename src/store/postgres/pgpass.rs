//! `~/.pgpass` lines as libpq reads them: `host:port:database:user:password`, each of
//! the first four a literal or `*`, with `\:` and `\\` escaping. The first line whose
//! fields all match wins; comments start with `#`.

/// The password of the first line whose host is one of `hosts` and whose other fields
/// match `want` (port, database, user).
pub fn find(text: &str, hosts: &[&str], want: &[&str; 3]) -> Option<String> {
    text.lines().filter(|line| !line.starts_with('#')).find_map(|line| {
        let fields = split(line);
        let [host, port, db, user, password] = <[String; 5]>::try_from(fields).ok()?;
        let matches = (host == "*" || hosts.contains(&host.as_str()))
            && [port, db, user].iter().zip(want).all(|(field, want)| field == "*" || field == want);
        matches.then_some(password)
    })
}

/// Splits a line at unescaped colons; the last field keeps any further colons.
fn split(line: &str) -> Vec<String> {
    let (mut fields, mut field) = (Vec::new(), String::new());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => field.extend(chars.next()),
            ':' if fields.len() < 4 => fields.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    fields.push(field);
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_escapes_and_the_first_match() {
        let text = "# comment\nother:5432:*:*:no\n*:5432:db:u\\:x:p\\:w:d\nlocalhost:*:*:*:later\n";
        assert_eq!(find(text, &["localhost"], &["5432", "db", "u:x"]).as_deref(), Some("p:w:d"));
        assert_eq!(find(text, &["localhost"], &["5433", "db", "u"]).as_deref(), Some("later"));
        assert_eq!(find(text, &["elsewhere"], &["5433", "db", "u"]), None);
        // Any of several names for the host: the first matching line still wins.
        let socket = "/run/pg\\:x:*:*:*:by-path\nlocalhost:*:*:*:by-name\n";
        assert_eq!(find(socket, &["/run/pg:x", "localhost"], &["1", "d", "u"]).as_deref(), Some("by-path"));
        assert_eq!(find(socket, &["/other", "localhost"], &["1", "d", "u"]).as_deref(), Some("by-name"));
    }
}
