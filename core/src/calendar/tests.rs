use super::*;

fn d(text: &str) -> Date {
    text.parse().unwrap()
}

fn working(cal: &Calendar, days: &[&str]) -> Vec<bool> {
    days.iter().map(|t| cal.is_working_day(d(t))).collect()
}

#[test]
fn dates_parse_format_and_refuse_nonsense() {
    assert_eq!(d("2026-02-14").to_string(), "2026-02-14");
    assert_eq!(
        (
            d("2028-02-29").year(),
            d("2028-02-29").month(),
            d("2028-02-29").day()
        ),
        (2028, 2, 29)
    );
    for bad in [
        "2026-02-29",
        "2026-13-01",
        "2026-00-10",
        "2026-04-31",
        "2026-1-01",
        "20260101",
        "2026/01/01",
        "",
    ] {
        assert!(bad.parse::<Date>().is_err(), "{bad} parsed");
    }
    assert_eq!(
        "2026-2-1".parse::<Date>().unwrap_err().to_string(),
        "\"2026-2-1\" is not a date in the form YYYY-MM-DD"
    );
    assert!(Date::new(1900, 2, 29).is_none() && Date::new(2000, 2, 29).is_some());
}

#[test]
fn day_numbers_round_trip_and_name_the_weekday() {
    assert_eq!(d("1970-01-01").days_since_epoch(), 0);
    assert_eq!(d("2026-01-01").days_since_epoch(), 20_454);
    assert_eq!(d("1969-12-31").days_since_epoch(), -1);
    for n in -800_000..800_000i64 {
        let date = Date::from_days_since_epoch(n * 3);
        assert_eq!(date.days_since_epoch(), n * 3);
    }
    assert_eq!(d("2026-01-01").weekday(), Weekday::Thursday);
    assert_eq!(d("2000-02-29").weekday(), Weekday::Tuesday);
    assert_eq!(d("2026-02-14").weekday().chinese(), "周六");
    assert_eq!(d("2026-12-31").add_days(1), d("2027-01-01"));
    assert_eq!(d("2028-03-01").add_days(-1), d("2028-02-29"));
}

#[test]
fn unix_milliseconds_are_shanghai_time() {
    let midnight = d("2026-01-01").start_unix_ms();
    assert_eq!(midnight, 1_767_196_800_000); // 2025-12-31T16:00:00Z
    assert_eq!(Date::from_unix_ms(midnight), d("2026-01-01"));
    assert_eq!(Date::from_unix_ms(midnight - 1), d("2025-12-31"));
    assert_eq!(Date::ms_of_day(midnight - 1), DAY_MS - 1);
    assert_eq!(Date::from_unix_ms(-1), d("1970-01-01")); // 07:59:59.999 in Shanghai
    assert_eq!(Date::from_unix_ms(-SHANGHAI_OFFSET_MS - 1), d("1969-12-31"));
}

#[test]
fn dates_serialize_as_text() {
    assert_eq!(
        serde_json::to_string(&d("2026-10-10")).unwrap(),
        "\"2026-10-10\""
    );
    assert_eq!(
        serde_json::from_str::<Date>("\"2026-10-10\"").unwrap(),
        d("2026-10-10")
    );
    assert!(serde_json::from_str::<Date>("\"2026-10-32\"").is_err());
}

#[test]
fn weekends_are_off_and_weekdays_on() {
    let cal = Calendar::builtin();
    // 2026-03-02 is a Monday without any holiday that week.
    let week = [
        "2026-03-02",
        "2026-03-03",
        "2026-03-04",
        "2026-03-05",
        "2026-03-06",
        "2026-03-07",
        "2026-03-08",
    ];
    assert_eq!(
        working(&cal, &week),
        [true, true, true, true, true, false, false]
    );
}

#[test]
fn spring_festival_2026_with_its_make_up_saturdays() {
    let cal = Calendar::builtin();
    assert!(cal.is_working_day(d("2026-02-13")));
    assert!(
        cal.is_working_day(d("2026-02-14")),
        "Saturday 2/14 is a make-up workday"
    );
    for day in 15..=23 {
        assert!(
            !cal.is_working_day(Date::new(2026, 2, day).unwrap()),
            "2026-02-{day} is off"
        );
    }
    assert!(cal.is_working_day(d("2026-02-24")));
    assert!(
        cal.is_working_day(d("2026-02-28")),
        "Saturday 2/28 is a make-up workday"
    );
    assert!(!cal.is_working_day(d("2026-03-01")));
    assert_eq!(cal.day_name(d("2026-02-17")), Some("春节"));
    assert_eq!(cal.day_name(d("2026-02-28")), Some("春节调休"));
    assert_eq!(cal.day_name(d("2026-03-02")), None);
}

#[test]
fn new_year_national_day_and_2025() {
    let cal = Calendar::builtin();
    assert_eq!(
        working(
            &cal,
            &["2026-01-01", "2026-01-02", "2026-01-04", "2026-01-05"]
        ),
        [false, false, true, true]
    );
    assert_eq!(
        working(
            &cal,
            &[
                "2026-09-20",
                "2026-09-25",
                "2026-10-01",
                "2026-10-07",
                "2026-10-08",
                "2026-10-10"
            ]
        ),
        [true, false, false, false, true, true]
    );
    assert_eq!(
        working(
            &cal,
            &[
                "2025-01-26",
                "2025-01-28",
                "2025-02-04",
                "2025-02-08",
                "2025-10-08",
                "2025-10-11"
            ]
        ),
        [true, false, false, true, false, true]
    );
}

#[test]
fn deadlines_count_working_days_only() {
    let cal = Calendar::builtin();
    assert_eq!(
        cal.add_working_days(d("2026-03-06"), 1),
        d("2026-03-09"),
        "Friday + 1 is Monday"
    );
    assert_eq!(
        cal.add_working_days(d("2026-03-07"), 1),
        d("2026-03-09"),
        "from a Saturday too"
    );
    assert_eq!(cal.add_working_days(d("2026-03-04"), 0), d("2026-03-04"));
    // Tue 9/29, Wed 9/30, then 国庆 10/1-10/7, Thu 10/8, Fri 10/9, make-up Sat 10/10.
    assert_eq!(cal.add_working_days(d("2026-09-28"), 5), d("2026-10-10"));
    assert_eq!(cal.add_working_days(d("2026-02-13"), 1), d("2026-02-14"));
    assert_eq!(cal.add_working_days(d("2026-02-13"), 2), d("2026-02-24"));
    assert_eq!(
        cal.add_working_days(d("2026-05-08"), 13),
        d("2026-05-26"),
        "13 working days for 复杂整改"
    );
}

#[test]
fn deadlines_cross_year_boundaries() {
    let cal = Calendar::builtin();
    assert_eq!(
        cal.add_working_days(d("2025-12-31"), 1),
        d("2026-01-04"),
        "元旦 then the make-up Sunday"
    );
    assert_eq!(cal.add_working_days(d("2026-12-31"), 1), d("2027-01-04"));
    assert_eq!(cal.add_working_days(d("2024-12-31"), 1), d("2025-01-02"));
    // Outside the covered years only weekends are off.
    assert!(!cal.covers(2030));
    assert!(cal.is_working_day(d("2030-01-01")));
    assert_eq!(cal.add_working_days(d("2030-01-04"), 1), d("2030-01-07"));
}

#[test]
fn working_days_between_inverts_add_working_days() {
    let cal = Calendar::builtin();
    assert_eq!(
        cal.working_days_between(d("2026-09-28"), d("2026-10-10")),
        5
    );
    assert_eq!(
        cal.working_days_between(d("2026-10-10"), d("2026-09-28")),
        -5
    );
    assert_eq!(
        cal.working_days_between(d("2026-02-15"), d("2026-02-23")),
        0
    );
    let mut date = d("2024-12-01");
    while date < d("2028-02-01") {
        for n in [0, 1, 5, 13] {
            assert_eq!(
                cal.working_days_between(date, cal.add_working_days(date, n)),
                i64::from(n),
                "{date} + {n}"
            );
        }
        date = date.add_days(1);
    }
}

#[test]
fn builtin_covers_three_years_with_2027_provisional() {
    let cal = Calendar::builtin();
    assert!(cal.covers(2025) && cal.covers(2026) && cal.covers(2027) && !cal.covers(2024));
    assert!(cal.is_provisional(2027) && !cal.is_provisional(2026));
    assert!(!cal.is_working_day(d("2027-02-10")) && cal.is_working_day(d("2027-02-20")));
}

fn refused(texts: &[&str]) -> String {
    Calendar::from_json(texts).unwrap_err().to_string()
}

#[test]
fn malformed_files_are_refused_with_the_reason() {
    let ok = r#"{"year":2026,"source":"s","holidays":[{"name":"元旦","days":["2026-01-01"]}]}"#;
    assert!(Calendar::from_json(&[ok]).is_ok());
    assert_eq!(
        refused(&[ok, "{\"year\":2026,\n\"source\" \"s\"}"]),
        "calendar file #2: expected `:` at line 2 column 10"
    );
    assert!(refused(&[r#"{"year":2026}"#]).contains("missing field `source`"));
    assert!(
        refused(&[r#"{"year":2026,"source":"s","holiday":[]}"#])
            .contains("unknown field `holiday`")
    );
    let bad_date =
        r#"{"year":2026,"source":"s","holidays":[{"name":"春节","days":["2026-02-30"]}]}"#;
    assert_eq!(
        refused(&[bad_date]),
        "calendar 2026, 春节: \"2026-02-30\" is not a date in the form YYYY-MM-DD"
    );
    let other_year =
        r#"{"year":2026,"source":"s","holidays":[{"name":"元旦","days":["2027-01-01"]}]}"#;
    assert_eq!(
        refused(&[other_year]),
        "calendar 2026, 元旦: 2027-01-01 is not in 2026"
    );
    let both = r#"{"year":2026,"source":"s","holidays":[{"name":"春节","days":["2026-02-14"]}],
        "workdays":[{"name":"春节调休","days":["2026-02-14"]}]}"#;
    assert_eq!(
        refused(&[both]),
        "calendar: 2026-02-14 is both a holiday and a make-up workday"
    );
    let weekday =
        r#"{"year":2026,"source":"s","workdays":[{"name":"春节调休","days":["2026-02-13"]}]}"#;
    assert!(refused(&[weekday]).contains("make-up workday 2026-02-13 is a Friday"));
    assert_eq!(refused(&[ok, ok]), "two calendar files for 2026");
}
