//! Whether a text is HTML Telegram accepts: only its tags, balanced, with entities escaped.
//! For tests only: compiled into the library's unit tests, and included by the integration
//! tests (`tests/it/main.rs`), so the bot never ships a checker it does not use.

/// Checks what Telegram's HTML parse mode accepts: only its tags, balanced, attributes
/// quoted, and `&` only in the four named entities. Returns what is wrong.
pub fn telegram_html_problem(html: &str) -> Option<String> {
    const ALLOWED: [&str; 6] = [
        "b",
        "i",
        "blockquote",
        "blockquote expandable",
        "pre",
        "code",
    ];
    let mut open: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(index) = rest.find(['<', '>', '&']) {
        let tail = &rest[index..];
        if tail.starts_with('>') {
            return Some(format!("a bare '>' at {:?}", &tail[..tail.len().min(20)]));
        }
        if tail.starts_with('&') {
            let Some(entity) = ["&amp;", "&lt;", "&gt;", "&quot;"]
                .into_iter()
                .find(|e| tail.starts_with(e))
            else {
                return Some(format!("a bare '&' at {:?}", &tail[..tail.len().min(20)]));
            };
            rest = &tail[entity.len()..];
            continue;
        }
        let Some(end) = tail.find('>') else {
            return Some("a '<' that opens no tag".to_owned());
        };
        let tag = &tail[1..end];
        if let Some(name) = tag.strip_prefix('/') {
            if open.pop().as_deref() != Some(name) {
                return Some(format!("</{name}> closes nothing open"));
            }
        } else if let Some(href) = tag.strip_prefix("a href=\"") {
            if !href.ends_with('"') || href[..href.len() - 1].contains(['"', '<']) {
                return Some(format!("a bad link: <{tag}>"));
            }
            open.push("a".to_owned());
        } else if ALLOWED.contains(&tag) {
            let name = tag.split(' ').next().unwrap_or(tag);
            if name == "blockquote" && open.iter().any(|t| t == "blockquote") {
                return Some("nested blockquote".to_owned());
            }
            open.push(name.to_owned());
        } else {
            return Some(format!("tag <{tag}> is not allowed"));
        }
        rest = &tail[end + 1..];
    }
    (!open.is_empty()).then(|| format!("unclosed {open:?}"))
}
