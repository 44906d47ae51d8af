//! The JSON path of a decode error. serde_json says where decoding stopped (line and column); this walks the body
//! up to that byte and names the value it lies in, as `items[2].name`.
//!
//! Tracking the path while decoding (serde_path_to_error) would compile a second decoder for every model, and a
//! successful decode would pay for it; finding the path afterwards costs nothing until something fails.

/// The path of the innermost value holding the byte serde_json's `error` points at; `.` for the whole body.
pub(crate) fn error_path(body: &[u8], error: &serde_json::Error) -> String {
    match error_offset(body, error.line(), error.column()) {
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

/// The path of the value holding byte `offset`: the members and elements being read when the walk reaches it.
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
        let end = match byte {
            b'{' | b'[' => {
                if position == offset {
                    break;
                }
                enter_value(&mut levels);
                levels.push(Level {
                    is_object: byte == b'{',
                    key: String::new(),
                    index: 0,
                    in_value: false,
                });
                position + 1
            }
            b'}' | b']' => {
                if let Some(level) = levels.last_mut() {
                    level.in_value = false;
                }
                if position == offset {
                    break;
                }
                levels.pop();
                position + 1
            }
            b':' => {
                if let Some(level) = levels.last_mut() {
                    level.in_value = true;
                }
                position + 1
            }
            b',' => {
                if let Some(level) = levels.last_mut() {
                    level.in_value = false;
                    level.index += 1;
                }
                position + 1
            }
            b'"' => {
                let end = string_end(body, position);
                match levels.last_mut() {
                    Some(level) if level.is_object && !level.in_value => {
                        let key = body.get(position..end).unwrap_or_default();
                        level.key =
                            serde_json::from_slice(key).unwrap_or_else(|_| String::from_utf8_lossy(key).into_owned());
                    }
                    _ => enter_value(&mut levels),
                }
                end
            }
            _ => {
                enter_value(&mut levels);
                scalar_end(body, position)
            }
        };
        if offset < end {
            break;
        }
        position = end;
    }
    write_path(&levels)
}

/// A value starts: an element of the array around it is now being read.
fn enter_value(levels: &mut [Level]) {
    if let Some(level) = levels.last_mut() {
        level.in_value = true;
    }
}

/// The byte after the string starting at `start` (its opening quote), or the end of the body.
fn string_end(body: &[u8], start: usize) -> usize {
    let mut position = start + 1;
    while let Some(&byte) = body.get(position) {
        match byte {
            b'\\' => position += 2,
            b'"' => return position + 1,
            _ => position += 1,
        }
    }
    body.len()
}

/// The byte after a number or literal starting at `start`.
fn scalar_end(body: &[u8], start: usize) -> usize {
    let rest = body.get(start..).unwrap_or_default();
    start
        + rest
            .iter()
            .position(|byte| matches!(byte, b',' | b']' | b'}' | b':' | b'"') || byte.is_ascii_whitespace())
            .unwrap_or(rest.len())
            .max(1)
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
