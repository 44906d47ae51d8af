//! Date-times are `chrono::DateTime<FixedOffset>`: a round trip keeps the instant and the offset exactly, and
//! writes RFC 3339 in chrono's form: `Z` for UTC, and the fraction with 0, 3, 6 or 9 digits, whichever is the
//! shortest that keeps it. So `.000Z` comes back as `Z` and `+00:00` as `Z`: the same instant, spelt shorter.
//! (Keeping the original spelling would need a wrapper type around the text; no server compares the text.)

use chrono::{DateTime, FixedOffset};
use pieces_os_client::models::GroupedTimestamp;

fn round_trip(value: &str) -> (DateTime<FixedOffset>, String) {
    let json = format!(r#"{{"value":"{value}"}}"#);
    let decoded: GroupedTimestamp = serde_json::from_str(&json).unwrap();
    let encoded = serde_json::to_value(&decoded).unwrap();
    (decoded.value, encoded["value"].as_str().unwrap().to_owned())
}

#[test]
fn instants_and_offsets_survive_and_the_text_takes_chrono_form() {
    let cases = [
        ("2024-01-02T03:04:05.000Z", "2024-01-02T03:04:05Z"),
        ("2024-01-02T03:04:05+00:00", "2024-01-02T03:04:05Z"),
        ("2024-01-02T03:04:05.120Z", "2024-01-02T03:04:05.120Z"),
        ("2024-01-02T03:04:05.123456+05:30", "2024-01-02T03:04:05.123456+05:30"),
        (
            "2024-01-02T03:04:05.123456789-08:00",
            "2024-01-02T03:04:05.123456789-08:00",
        ),
        ("2024-01-02t03:04:05.5z", "2024-01-02T03:04:05.500Z"),
    ];
    for (input, written) in cases {
        let (decoded, output) = round_trip(input);
        assert_eq!(output, written, "{input}");
        let original = DateTime::parse_from_rfc3339(&input.to_uppercase()).unwrap();
        assert_eq!(decoded, original, "same instant for {input}");
        assert_eq!(decoded.offset(), original.offset(), "same offset for {input}");
        let (again, output_again) = round_trip(&output);
        assert_eq!(
            (again, output_again),
            (decoded, output.clone()),
            "writing is stable for {input}"
        );
    }
}

#[test]
fn a_date_time_that_is_not_rfc_3339_is_a_decode_error_with_its_path() {
    let error = crate::schemas::decode::<GroupedTimestamp>(r#"{"value":"yesterday"}"#).unwrap_err();
    assert!(error.starts_with("at `value`"), "{error}");
}
