//! Turns free-text descriptions from the spec into rustdoc lines that render as the author meant and cannot
//! trip rustdoc or clippy: no accidental intra-doc links, HTML tags, doctests or lazy list continuations.

/// Doc lines for one or more optional paragraphs, separated by an empty line.
pub fn doc_lines<'a>(paragraphs: impl IntoIterator<Item = Option<&'a str>>) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in paragraphs.into_iter().flatten() {
        let paragraph_lines = paragraph_lines(paragraph);
        if paragraph_lines.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(paragraph_lines);
    }
    lines
}

fn paragraph_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut previous_was_list_item = false;
    // The fence that opened the code block we are in (```` ``` ```` or `~~~`), if any.
    let mut open_fence: Option<&str> = None;
    for raw_line in text.lines() {
        let line = raw_line.replace('\t', "    ");
        // A fenced code block in a description is an example of the wire format, not Rust: rustdoc would compile
        // a fence without a language as a doctest, so every fence says `text`, and its lines stay as written.
        let fence = ["```", "~~~"].into_iter().find(|fence| line.trim_start().starts_with(fence));
        match (open_fence, fence) {
            (None, Some(fence)) => {
                open_fence = Some(fence);
                previous_was_list_item = false;
                lines.push(format!("{fence}text"));
                continue;
            }
            (Some(open), Some(fence)) if open == fence => {
                open_fence = None;
                lines.push(fence.to_owned());
                continue;
            }
            (Some(_), _) => {
                lines.push(line.trim_end().replace('\r', ""));
                continue;
            }
            (None, None) => {}
        }
        // Leading spaces would make an indented code block, which rustdoc compiles as a doctest.
        let line = line.trim();
        let is_list_item = is_list_item(line);
        if previous_was_list_item && !is_list_item && !line.is_empty() {
            // A plain line straight after a list item would be a lazy continuation of it.
            lines.push(String::new());
        }
        previous_was_list_item = is_list_item;
        lines.push(escape_line(line));
    }
    // A fence left open would swallow everything after the description.
    if let Some(fence) = open_fence {
        lines.push(fence.to_owned());
    }
    while lines.last().is_some_and(|line| line.is_empty()) {
        lines.pop();
    }
    while lines.first().is_some_and(|line| line.is_empty()) {
        lines.remove(0);
    }
    lines
}

fn is_list_item(line: &str) -> bool {
    let unordered = ["- ", "* ", "+ "].iter().any(|marker| line.starts_with(marker));
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let ordered = digits > 0 && (line[digits..].starts_with(". ") || line[digits..].starts_with(") "));
    unordered || ordered
}

/// Escapes Markdown that rustdoc would misread, and wraps bare URLs in `<>` so that they become links.
pub fn escape_line(line: &str) -> String {
    let mut escaped = String::with_capacity(line.len());
    let mut rest = line;
    while !rest.is_empty() {
        if let Some(url_length) = url_length(rest) {
            escaped.push('<');
            escaped.push_str(&rest[..url_length]);
            escaped.push('>');
            rest = &rest[url_length..];
            continue;
        }
        let character = rest.chars().next().expect("rest is not empty");
        match character {
            '[' | ']' | '<' | '>' | '\\' => {
                escaped.push('\\');
                escaped.push(character);
            }
            '\r' => {}
            _ => escaped.push(character),
        }
        rest = &rest[character.len_utf8()..];
    }
    escaped
}

/// The length of the URL at the start of `text`, without trailing punctuation, if one starts there.
fn url_length(text: &str) -> Option<usize> {
    if !(text.starts_with("http://") || text.starts_with("https://")) {
        return None;
    }
    let end = text
        .find(|character: char| character.is_whitespace() || "<>\"'`()[]{}|\\".contains(character))
        .unwrap_or(text.len());
    let url = text[..end].trim_end_matches(['.', ',', ';', ':', '!', '?']);
    let scheme_only = url.ends_with("//");
    (!scheme_only).then_some(url.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_links_and_html() {
        assert_eq!(escape_line("/x/{id} [GET] <b>"), "/x/{id} \\[GET\\] \\<b\\>");
    }

    #[test]
    fn wraps_bare_urls() {
        assert_eq!(escape_line("see https://a.b/c, then"), "see <https://a.b/c>, then");
    }

    #[test]
    fn code_fences_say_text_and_keep_their_lines() {
        let lines = doc_lines([Some("eg\n```\n[\n  { x: 1 }\n]\n```\nafter [x]")]);
        assert_eq!(lines, vec!["eg", "```text", "[", "  { x: 1 }", "]", "```", "after \\[x\\]"]);
        let lines = doc_lines([Some("```json\n{}")]);
        assert_eq!(lines, vec!["```text", "{}", "```"]);
    }

    #[test]
    fn removes_indentation_and_separates_lazy_continuations() {
        let lines = doc_lines([Some("    code?\n- item\nafter")]);
        assert_eq!(lines, vec!["code?", "- item", "", "after"]);
    }
}
