//! IRI helpers: RFC 3986 §5.2 reference resolution and syntax checks.

/// Whether `s` is a JSON-LD keyword.
pub(crate) fn is_keyword(s: &str) -> bool {
    as_keyword(s).is_some()
}

/// The JSON-LD keyword equal to `s`, as a `'static` string: expanded-tree
/// keys never allocate.
pub(crate) fn as_keyword(s: &str) -> Option<&'static str> {
    // Most strings tested are IRIs and terms: one byte rejects them.
    if !s.starts_with('@') {
        return None;
    }
    Some(match s {
        "@base" => "@base",
        "@container" => "@container",
        "@context" => "@context",
        "@direction" => "@direction",
        "@graph" => "@graph",
        "@id" => "@id",
        "@import" => "@import",
        "@included" => "@included",
        "@index" => "@index",
        "@json" => "@json",
        "@language" => "@language",
        "@list" => "@list",
        "@nest" => "@nest",
        "@none" => "@none",
        "@prefix" => "@prefix",
        "@propagate" => "@propagate",
        "@protected" => "@protected",
        "@reverse" => "@reverse",
        "@set" => "@set",
        "@type" => "@type",
        "@value" => "@value",
        "@version" => "@version",
        "@vocab" => "@vocab",
        _ => return None,
    })
}

/// `@` followed by one or more ASCII letters: reserved for future keywords.
pub(crate) fn has_keyword_form(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() > 1 && b[0] == b'@' && b[1..].iter().all(u8::is_ascii_alphabetic)
}

/// Byte position of the first `:` after the first character.
pub(crate) fn colon_after_first(s: &str) -> Option<usize> {
    s.char_indices()
        .skip(1)
        .find(|(_, c)| *c == ':')
        .map(|(i, _)| i)
}

/// Length of the scheme if `s` starts with `scheme ":"`.
fn scheme_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let first = b.first()?;
    if !first.is_ascii_alphabetic() {
        return None;
    }
    for (i, c) in b.iter().enumerate().skip(1) {
        match c {
            b':' => return Some(i),
            c if c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.') => {}
            _ => return None,
        }
    }
    None
}

/// Has the form of an absolute IRI (a scheme followed by `:`).
pub(crate) fn is_absolute(s: &str) -> bool {
    scheme_len(s).is_some()
}

/// ASCII bytes an IRI never contains: controls, space, DEL, angle brackets, braces, double quote,
/// vertical bar, backslash, caret and grave accent. A table lookup per byte, as every IRI of a
/// document passes through here.
const NOT_IN_IRI: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b <= 0x20 {
        table[b] = true;
        b += 1;
    }
    table[0x7f] = true;
    let others = b"<>\"{}|\\^`";
    let mut i = 0;
    while i < others.len() {
        table[others[i] as usize] = true;
        i += 1;
    }
    table
};

/// An absolute IRI without characters IRIs never contain: usable in RDF.
pub(crate) fn is_well_formed_iri(s: &str) -> bool {
    if !is_absolute(s) {
        return false;
    }
    let mut hashes = 0;
    for &b in s.as_bytes() {
        if NOT_IN_IRI[usize::from(b)] {
            return false;
        }
        hashes += usize::from(b == b'#');
    }
    // Non-ASCII: only whitespace and control characters are excluded.
    hashes <= 1
        && (s.is_ascii()
            || !s
                .chars()
                .any(|c| !c.is_ascii() && (c.is_whitespace() || c.is_control())))
}

pub(crate) fn is_blank_node(s: &str) -> bool {
    s.starts_with("_:")
}

struct Parts<'a> {
    scheme: Option<&'a str>,
    authority: Option<&'a str>,
    path: &'a str,
    query: Option<&'a str>,
    fragment: Option<&'a str>,
}

fn split(s: &str) -> Parts<'_> {
    let (scheme, rest) = match scheme_len(s) {
        Some(n) => (Some(&s[..n]), &s[n + 1..]),
        None => (None, s),
    };
    let (rest, fragment) = match rest.find('#') {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let (rest, query) = match rest.find('?') {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let (authority, path) = match rest.strip_prefix("//") {
        Some(r) => {
            let end = r.find('/').unwrap_or(r.len());
            (Some(&r[..end]), &r[end..])
        }
        None => (None, rest),
    };
    Parts {
        scheme,
        authority,
        path,
        query,
        fragment,
    }
}

/// RFC 3986 §5.2.4.
fn remove_dot_segments(path: &str) -> String {
    let mut input = path;
    let mut out: Vec<&str> = Vec::new();
    // Each output item is a segment including its leading "/" (if any).
    while !input.is_empty() {
        if let Some(r) = input.strip_prefix("../") {
            input = r;
        } else if let Some(r) = input.strip_prefix("./") {
            input = r;
        } else if input.starts_with("/./") {
            input = &input[2..];
        } else if input == "/." {
            input = "/";
        } else if input.starts_with("/../") {
            input = &input[3..];
            out.pop();
        } else if input == "/.." {
            input = "/";
            out.pop();
        } else if input == "." || input == ".." {
            input = "";
        } else {
            let start = usize::from(input.starts_with('/'));
            let end = input[start..].find('/').map_or(input.len(), |i| i + start);
            out.push(&input[..end]);
            input = &input[end..];
        }
    }
    out.concat()
}

/// Resolves `reference` against the absolute `base` (RFC 3986 §5.2.2).
pub(crate) fn resolve(reference: &str, base: &str) -> String {
    let r = split(reference);
    if r.scheme.is_some() {
        return recompose(
            r.scheme,
            r.authority,
            &remove_dot_segments(r.path),
            r.query,
            r.fragment,
        );
    }
    let b = split(base);
    let (authority, path, query);
    if r.authority.is_some() {
        authority = r.authority;
        path = remove_dot_segments(r.path);
        query = r.query;
    } else {
        if r.path.is_empty() {
            path = b.path.to_owned();
            query = r.query.or(b.query);
        } else {
            if r.path.starts_with('/') {
                path = remove_dot_segments(r.path);
            } else {
                let merged = if b.authority.is_some() && b.path.is_empty() {
                    format!("/{}", r.path)
                } else {
                    match b.path.rfind('/') {
                        Some(i) => format!("{}{}", &b.path[..=i], r.path),
                        None => r.path.to_owned(),
                    }
                };
                path = remove_dot_segments(&merged);
            }
            query = r.query;
        }
        authority = b.authority;
    }
    recompose(b.scheme, authority, &path, query, r.fragment)
}

fn recompose(
    scheme: Option<&str>,
    authority: Option<&str>,
    path: &str,
    query: Option<&str>,
    fragment: Option<&str>,
) -> String {
    let mut s = String::with_capacity(path.len() + 32);
    if let Some(x) = scheme {
        s.push_str(x);
        s.push(':');
    }
    if let Some(a) = authority {
        s.push_str("//");
        s.push_str(a);
    }
    s.push_str(path);
    if let Some(q) = query {
        s.push('?');
        s.push_str(q);
    }
    if let Some(f) = fragment {
        s.push('#');
        s.push_str(f);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3986_examples() {
        let base = "http://a/b/c/d;p?q";
        for (r, want) in [
            ("g:h", "g:h"),
            ("g", "http://a/b/c/g"),
            ("./g", "http://a/b/c/g"),
            ("g/", "http://a/b/c/g/"),
            ("/g", "http://a/g"),
            ("//g", "http://g"),
            ("?y", "http://a/b/c/d;p?y"),
            ("g?y", "http://a/b/c/g?y"),
            ("#s", "http://a/b/c/d;p?q#s"),
            ("g#s", "http://a/b/c/g#s"),
            (";x", "http://a/b/c/;x"),
            ("", "http://a/b/c/d;p?q"),
            (".", "http://a/b/c/"),
            ("./", "http://a/b/c/"),
            ("..", "http://a/b/"),
            ("../g", "http://a/b/g"),
            ("../..", "http://a/"),
            ("../../g", "http://a/g"),
            ("../../../g", "http://a/g"),
            ("/./g", "http://a/g"),
            ("/../g", "http://a/g"),
            ("g.", "http://a/b/c/g."),
            ("..g", "http://a/b/c/..g"),
            ("./../g", "http://a/b/g"),
            ("g/./h", "http://a/b/c/g/h"),
            ("g/../h", "http://a/b/c/h"),
            ("g;x=1/../y", "http://a/b/c/y"),
        ] {
            assert_eq!(resolve(r, base), want, "{r}");
        }
    }
}
