//! Comparing JSON values as JSON means them: object key order does not matter, and a number is its value, so
//! `3` and `3.0` are equal (a `number` field read from `3` is an `f64` and is written back as `3.0`). Integers are
//! compared exactly, never through `f64`.

use serde_json::Value;

/// The first difference between `expected` and `actual`, as `path: what`, or `None` when they are equal.
pub fn json_difference(expected: &Value, actual: &Value) -> Option<String> {
    difference_at(expected, actual, &mut String::from("$"))
}

fn difference_at(expected: &Value, actual: &Value, path: &mut String) -> Option<String> {
    match (expected, actual) {
        (Value::Number(left), Value::Number(right)) => {
            let equal = match (left.as_i64(), right.as_i64(), left.as_u64(), right.as_u64()) {
                (Some(left), Some(right), _, _) => left == right,
                (_, _, Some(left), Some(right)) => left == right,
                _ if left.is_f64() || right.is_f64() => left.as_f64() == right.as_f64(),
                _ => false,
            };
            (!equal).then(|| format!("{path}: {left} != {right}"))
        }
        (Value::Object(left), Value::Object(right)) => {
            for (key, left_value) in left {
                let length = path.len();
                path.push('.');
                path.push_str(key);
                let found = match right.get(key) {
                    Some(right_value) => difference_at(left_value, right_value, path),
                    None => Some(format!("{path}: missing (expected {})", excerpt(left_value))),
                };
                path.truncate(length);
                if found.is_some() {
                    return found;
                }
            }
            right
                .iter()
                .find(|(key, _)| !left.contains_key(*key))
                .map(|(key, value)| format!("{path}.{key}: unexpected {}", excerpt(value)))
        }
        (Value::Array(left), Value::Array(right)) => {
            if left.len() != right.len() {
                return Some(format!("{path}: {} items != {} items", left.len(), right.len()));
            }
            for (index, (left_item, right_item)) in left.iter().zip(right).enumerate() {
                let length = path.len();
                path.push_str(&format!("[{index}]"));
                let found = difference_at(left_item, right_item, path);
                path.truncate(length);
                if found.is_some() {
                    return found;
                }
            }
            None
        }
        _ if expected == actual => None,
        // Date-times are compared as instants: the models write chrono's spelling of the same instant.
        (Value::String(left), Value::String(right)) if same_instant(left, right) => None,
        _ => Some(format!("{path}: {} != {}", excerpt(expected), excerpt(actual))),
    }
}

/// Whether two strings are RFC 3339 date-times naming the same instant with the same offset.
fn same_instant(left: &str, right: &str) -> bool {
    let parse = |text: &str| chrono::DateTime::parse_from_rfc3339(text).ok();
    match (parse(left), parse(right)) {
        (Some(left), Some(right)) => left == right && left.offset() == right.offset(),
        _ => false,
    }
}

/// A value's JSON text, shortened for messages.
pub fn excerpt(value: &Value) -> String {
    let text = value.to_string();
    if text.len() <= 120 {
        return text;
    }
    let mut end = 120;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", &text[..end])
}

#[cfg(test)]
mod tests {
    use super::json_difference;
    use serde_json::json;

    #[test]
    fn numbers_compare_by_value_and_objects_ignore_key_order() {
        assert_eq!(
            json_difference(&json!({"a": 3, "b": [1.5]}), &json!({"b": [1.5], "a": 3.0})),
            None
        );
        assert_eq!(json_difference(&json!({"a": u64::MAX}), &json!({"a": u64::MAX})), None);
        let missing = json_difference(&json!({"a": {"b": null}}), &json!({"a": {}})).unwrap();
        assert_eq!(missing, "$.a.b: missing (expected null)");
        assert!(json_difference(&json!([1, 2]), &json!([1, 3]))
            .unwrap()
            .starts_with("$[1]"));
        assert!(json_difference(&json!(9007199254740993i64), &json!(9007199254740992i64)).is_some());
        assert_eq!(
            json_difference(&json!("2024-01-02T03:04:05.000Z"), &json!("2024-01-02T03:04:05Z")),
            None
        );
        assert!(json_difference(&json!("2024-01-02T03:04:05Z"), &json!("2024-01-02T03:04:06Z")).is_some());
    }
}
