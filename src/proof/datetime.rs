//! XML Schema 1.1 `dateTime` / `dateTimeStamp` values as Data Integrity uses them.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, SecondsFormat, Utc};

/// A parsed `created` / `expires` value.
pub(crate) struct XsdDateTime {
    pub(crate) instant: DateTime<FixedOffset>,
    /// Whether the lexical form carried a time zone (`Z` or `±hh:mm`), as `dateTimeStamp` requires.
    pub(crate) has_offset: bool,
}

/// Formats a UTC instant the way proofs carry it: `YYYY-MM-DDThh:mm:ssZ` (sub-seconds kept only
/// when present).
pub(crate) fn format_utc(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// Parses the XML Schema `dateTime` lexical form with a four-digit year:
/// `YYYY-MM-DDThh:mm:ss(.s+)?(Z|±hh:mm)?`. A value without time zone is read as UTC and
/// reported through [`XsdDateTime::has_offset`].
pub(crate) fn parse(value: &str) -> Result<XsdDateTime, String> {
    let bytes = value.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Result<u32, String> {
        let slice = bytes
            .get(range.clone())
            .ok_or_else(|| "too short".to_owned())?;
        if !slice.iter().all(u8::is_ascii_digit) {
            return Err(format!("expected digits at offset {}", range.start));
        }
        Ok(slice.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0')))
    };
    let expect = |at: usize, what: u8| -> Result<(), String> {
        if bytes.get(at) == Some(&what) {
            Ok(())
        } else {
            Err(format!("expected `{}` at offset {at}", what as char))
        }
    };
    let year = digits(0..4)?;
    expect(4, b'-')?;
    let month = digits(5..7)?;
    expect(7, b'-')?;
    let day = digits(8..10)?;
    expect(10, b'T')?;
    let hour = digits(11..13)?;
    expect(13, b':')?;
    let minute = digits(14..16)?;
    expect(16, b':')?;
    let second = digits(17..19)?;
    let mut at = 19;
    let mut nanos = 0u32;
    if bytes.get(at) == Some(&b'.') {
        at += 1;
        let start = at;
        while bytes.get(at).is_some_and(u8::is_ascii_digit) {
            if at - start < 9 {
                nanos = nanos * 10 + u32::from(bytes[at] - b'0');
            }
            at += 1;
        }
        if at == start {
            return Err("empty fractional seconds".to_owned());
        }
        for _ in (at - start)..9 {
            nanos *= 10;
        }
    }
    let (offset_seconds, has_offset) = match bytes.get(at) {
        None => (0, false),
        Some(b'Z') if at + 1 == bytes.len() => (0, true),
        Some(sign @ (b'+' | b'-')) if at + 6 == bytes.len() => {
            let hours = digits(at + 1..at + 3)?;
            expect(at + 3, b':')?;
            let minutes = digits(at + 4..at + 6)?;
            if minutes > 59 || hours * 60 + minutes > 14 * 60 {
                return Err("time zone offset out of range".to_owned());
            }
            let seconds = i32::try_from((hours * 60 + minutes) * 60).unwrap_or(0);
            (if *sign == b'-' { -seconds } else { seconds }, true)
        }
        Some(_) => return Err(format!("unexpected text at offset {at}")),
    };
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).unwrap_or(0), month, day)
        .ok_or_else(|| "no such calendar date".to_owned())?;
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)
        .filter(|_| second < 60)
        .ok_or_else(|| "no such time of day".to_owned())?;
    let offset = FixedOffset::east_opt(offset_seconds)
        .ok_or_else(|| "time zone offset out of range".to_owned())?;
    let instant = date
        .and_time(time)
        .and_local_timezone(offset)
        .single()
        .ok_or_else(|| "not a single instant".to_owned())?;
    Ok(XsdDateTime {
        instant,
        has_offset,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_date_time_stamps() {
        for ok in [
            "2023-02-24T23:36:38Z",
            "2023-02-24T23:36:38.123Z",
            "2023-02-24T23:36:38.1234567891Z",
            "2023-02-24T23:36:38+14:00",
            "2023-02-24T23:36:38-05:30",
            "2024-02-29T00:00:00Z",
        ] {
            let parsed = parse(ok).unwrap_or_else(|e| panic!("{ok}: {e}"));
            assert!(parsed.has_offset, "{ok}");
        }
        let offset = parse("2023-02-24T23:36:38-05:30").map(|p| p.instant.timestamp());
        let utc = parse("2023-02-25T05:06:38Z").map(|p| p.instant.timestamp());
        assert_eq!(offset, utc);
        assert!(parse("2023-02-24T23:36:38").is_ok_and(|p| !p.has_offset));
    }

    #[test]
    fn rejects_other_forms() {
        for bad in [
            "invalidDate",
            "",
            "2023-02-24",
            "2023-02-24 23:36:38Z",
            "2023-02-24t23:36:38Z",
            "2023-02-24T23:36:38z",
            "2023-13-24T23:36:38Z",
            "2023-02-30T23:36:38Z",
            "2023-02-24T24:00:01Z",
            "2023-02-24T23:60:38Z",
            "2023-02-24T23:36:60Z",
            "2023-02-24T23:36:38.Z",
            "2023-02-24T23:36:38+15:00",
            "2023-02-24T23:36:38+0100",
            "2023-02-24T23:36:38Z ",
            "1677281798",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn formats_utc_to_seconds() {
        let instant = DateTime::<Utc>::from_timestamp(1_677_281_798, 0).unwrap_or_default();
        assert_eq!(format_utc(instant), "2023-02-24T23:36:38Z");
    }
}
