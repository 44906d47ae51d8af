//! The JSON path of a decode error. serde_json says where decoding stopped (line and column); this walks the body
//! up to that byte and names the value it lies in, as `items[2].name`.
//!
//! Tracking the path while decoding (serde_path_to_error) would compile a second decoder for every model, and a
//! successful decode would pay for it; finding the path afterwards costs nothing until something fails.

/// The path of the innermost value holding the byte serde_json's `error` points at; `.` for the whole body. A body
/// that ends too soon is walked to its end: the path is where reading stopped.
pub(crate) fn error_path(body: &[u8], error: &serde_json::Error) -> String {
    let offset = if error.is_eof() {
        Some(body.len())
    } else {
        error_offset(body, error.line(), error.column())
    };
    match offset {
        Some(offset) => path_at(body, offset),
        None => ".".to_owned(),
    }
}

/// The byte a 1-based line and a column (bytes read on that line) point at; `None` when serde_json gave no position.
fn error_offset(body: &[u8], line: usize, column: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let mut start_of_line = 0;
    for _ in 1..line {
        start_of_line += body.get(start_of_line..)?.iter().position(|&byte| byte == b'\n')? + 1;
    }
    Some(start_of_line + column.saturating_sub(1))
}

/// An object or array the walk is inside, and the member or element it has reached.
struct Level {
    is_object: bool,
    key: String,
    index: usize,
    /// Inside a member's or an element's value, rather than between them (or on a key).
    in_value: bool,
}

/// The path of the value holding byte `offset`: the members and elements being read when the walk reaches it. Past
/// a complete value, the walk is between members (or elements) again, so the path names the object (or array).
fn path_at(body: &[u8], offset: usize) -> String {
    let mut levels: Vec<Level> = Vec::new();
    let mut position = 0;
    while let Some(&byte) = body.get(position) {
        if byte.is_ascii_whitespace() {
            position += 1;
            continue;
        }
        if position > offset {
            break;
        }
        // The end of the token starting here, and whether it completes a value.
        let (end, completes_value) = match byte {
            b'{' | b'[' => {
                if position == offset {
                    break;
                }
                enter_element(&mut levels);
                levels.push(Level {
                    is_object: byte == b'{',
                    key: String::new(),
                    index: 0,
                    in_value: false,
                });
                (position + 1, false)
            }
            b'}' | b']' => {
                if let Some(level) = levels.last_mut() {
                    level.in_value = false;
                }
                if position == offset {
                    break;
                }
                levels.pop();
                (position + 1, true)
            }
            b':' => {
                if let Some(level) = levels.last_mut() {
                    level.in_value = true;
                }
                (position + 1, false)
            }
            b',' => {
                if let Some(level) = levels.last_mut() {
                    level.in_value = false;
                    level.index += 1;
                }
                (position + 1, false)
            }
            b'"' => {
                let (end, terminated) = string_end(body, position);
                match levels.last_mut() {
                    Some(level) if level.is_object && !level.in_value => {
                        let key = body.get(position..end).unwrap_or_default();
                        level.key =
                            serde_json::from_slice(key).unwrap_or_else(|_| String::from_utf8_lossy(key).into_owned());
                        (end, false)
                    }
                    _ => {
                        enter_element(&mut levels);
                        (end, terminated)
                    }
                }
            }
            _ => {
                enter_element(&mut levels);
                let end = scalar_end(body, position);
                (end, is_whole_scalar(body.get(position..end).unwrap_or_default()))
            }
        };
        if offset < end {
            break;
        }
        if completes_value && let Some(level) = levels.last_mut() {
            level.in_value = false;
        }
        position = end;
    }
    write_path(&levels)
}

/// A value starts: in an array, an element is now being read (in an object, `:` said so already).
fn enter_element(levels: &mut [Level]) {
    if let Some(level) = levels.last_mut().filter(|level| !level.is_object) {
        level.in_value = true;
    }
}

/// The byte after the string starting at `start` (its opening quote), and whether its closing quote was there; the
/// end of the body when it was not.
fn string_end(body: &[u8], start: usize) -> (usize, bool) {
    let mut position = start + 1;
    while let Some(&byte) = body.get(position) {
        match byte {
            b'\\' => position += 2,
            b'"' => return (position + 1, true),
            _ => position += 1,
        }
    }
    (body.len(), false)
}

/// The byte after a number or literal starting at `start`.
fn scalar_end(body: &[u8], start: usize) -> usize {
    let rest = body.get(start..).unwrap_or_default();
    let length = rest
        .iter()
        .position(|byte| matches!(byte, b',' | b']' | b'}' | b':' | b'"') || byte.is_ascii_whitespace())
        .unwrap_or(rest.len());
    start + length.max(1)
}

/// A literal or a number read whole (a body cut off inside `true` or after `1.` ends inside a value).
fn is_whole_scalar(token: &[u8]) -> bool {
    matches!(token, b"true" | b"false" | b"null")
        || (token.last().is_some_and(u8::is_ascii_digit)
            && std::str::from_utf8(token).is_ok_and(|text| text.parse::<f64>().is_ok()))
}

/// `a.b[2].c`, or `.` for the whole body.
fn write_path(levels: &[Level]) -> String {
    let mut path = String::new();
    for level in levels.iter().take_while(|level| level.in_value) {
        if level.is_object {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(&level.key);
        } else {
            path.push_str(&format!("[{}]", level.index));
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}
