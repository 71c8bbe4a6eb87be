//! What the host page tells the widget through its URL: `?item=<事项>&host=<host page origin>`.
//!
//! Pure (no web-sys). The `host` origin is the only target the widget ever posts to, so it must be
//! exactly `http(s)://host[:port]`; anything else (a path, a wildcard `*`, `null`) means "post nothing".

/// The page's service item: `None` when the parameter is missing or blank.
pub(crate) fn item(raw: Option<String>) -> Option<String> {
    raw.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// `raw` if it is an exact http or https origin, without a trailing slash.
pub(crate) fn http_origin(raw: &str) -> Option<String> {
    let rest = raw
        .strip_prefix("http://")
        .or_else(|| raw.strip_prefix("https://"))?;
    let (host, port) = split_port(rest)?;
    let host_ok = if let Some(inner) = host.strip_prefix('[') {
        inner.strip_suffix(']').is_some_and(|v6| {
            !v6.is_empty() && v6.chars().all(|c| c.is_ascii_hexdigit() || c == ':')
        })
    } else {
        !host.is_empty()
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
    };
    let port_ok =
        port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
    (host_ok && port_ok).then(|| raw.to_owned())
}

/// Splits `host[:port]`, minding IPv6 brackets.
fn split_port(rest: &str) -> Option<(&str, Option<&str>)> {
    if rest.starts_with('[') {
        let end = rest.find(']')?;
        let (host, tail) = rest.split_at(end + 1);
        return match tail {
            "" => Some((host, None)),
            t => Some((host, Some(t.strip_prefix(':')?))),
        };
    }
    Some(match rest.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (rest, None),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_origins_pass() {
        for ok in [
            "http://127.0.0.1:8080",
            "https://zwdt.sh.gov.cn",
            "http://localhost",
            "http://[::1]:3000",
        ] {
            assert_eq!(http_origin(ok).as_deref(), Some(ok), "{ok}");
        }
    }

    #[test]
    fn anything_else_is_refused() {
        for bad in [
            "",
            "*",
            "null",
            "file://",
            "javascript:alert(1)",
            "http://",
            "http://a.cn/",
            "http://a.cn/path",
            "http://a.cn:",
            "http://a.cn:80x",
            "https://user@a.cn",
            "http://[::1",
        ] {
            assert_eq!(http_origin(bad), None, "{bad}");
        }
    }

    #[test]
    fn blank_items_are_none() {
        assert_eq!(item(None), None);
        assert_eq!(item(Some("  ".into())), None);
        assert_eq!(
            item(Some(" 居住证签注 ".into())).as_deref(),
            Some("居住证签注")
        );
    }
}
