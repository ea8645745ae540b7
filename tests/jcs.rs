//! RFC 8785 vectors: sorting by UTF-16 code units, escaping, ECMAScript number formatting.

use std::fs;

use serde_json::Value;

fn dir() -> String {
    format!("{}/fixtures/jcs", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_input_canonicalizes_to_its_expected_output() {
    let mut names: Vec<String> = fs::read_dir(format!("{}/input", dir()))
        .expect("input dir")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    assert_eq!(names.len(), 8, "{names:?}");
    for name in names {
        let input = fs::read_to_string(format!("{}/input/{name}", dir())).expect("input");
        let expected = fs::read(format!("{}/output/{name}", dir())).expect("output");
        let value: Value = serde_json::from_str(&input).expect("input parses");
        let canonical = openbadges::jcs::to_vec(&value).expect("canonicalizes");
        assert_eq!(
            String::from_utf8_lossy(&canonical),
            String::from_utf8_lossy(&expected),
            "{name}"
        );
        assert_eq!(
            openbadges::jcs::to_string(&value)
                .expect("canonicalizes")
                .as_bytes(),
            &expected[..]
        );
        let mut written = Vec::new();
        openbadges::jcs::to_writer(&value, &mut written).expect("writes");
        assert_eq!(written, expected, "{name}");
        // Canonicalization is idempotent.
        let again: Value = serde_json::from_slice(&canonical).expect("output parses");
        assert_eq!(openbadges::jcs::to_vec(&again).expect("again"), canonical);
    }
}

#[test]
fn numbers_follow_ecmascript_number_to_string() {
    let table = fs::read_to_string(format!("{}/numbers.csv", dir())).expect("numbers.csv");
    let mut checked = 0;
    for line in table.lines().filter(|line| !line.starts_with('#')) {
        let (bits, expected) = line.split_once(',').expect("bits,expected");
        let number = f64::from_bits(u64::from_str_radix(bits, 16).expect("hex bits"));
        let value = Value::from(number);
        assert_eq!(
            openbadges::jcs::to_string(&value).expect("finite"),
            expected,
            "{bits}"
        );
        checked += 1;
    }
    assert_eq!(checked, 33);
}
