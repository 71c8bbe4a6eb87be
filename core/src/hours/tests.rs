use super::*;

/// The instant of `date` at `time` (`HH:MM`) in Shanghai.
fn at(date: &str, time: &str) -> i64 {
    let day: Date = date.parse().unwrap();
    day.start_unix_ms() + ms(parse_time(time).unwrap())
}

fn setup() -> (Hours, Calendar) {
    (Hours::builtin(), Calendar::builtin())
}

#[test]
fn open_in_the_two_spans_of_a_working_day() {
    let (hours, cal) = setup();
    let open = |time| hours.is_open(&cal, None, at("2026-03-02", time));
    assert!(!open("08:59") && open("09:00") && open("11:29"));
    assert!(
        !open("11:30") && !open("12:00") && !open("13:29"),
        "lunch break is closed"
    );
    assert!(open("13:30") && open("16:29"));
    assert!(!open("16:30") && !open("17:00") && !open("00:00"));
    assert!(hours.is_open(&cal, None, at("2026-03-02", "16:30") - 1));
}

#[test]
fn closed_on_weekends_and_holidays_open_on_make_up_days() {
    let (hours, cal) = setup();
    assert!(
        !hours.is_open(&cal, None, at("2026-03-07", "10:00")),
        "Saturday"
    );
    assert!(
        !hours.is_open(&cal, None, at("2026-02-17", "10:00")),
        "春节"
    );
    assert!(
        !hours.is_open(&cal, None, at("2026-10-01", "10:00")),
        "国庆"
    );
    assert!(
        hours.is_open(&cal, None, at("2026-01-04", "10:00")),
        "make-up Sunday after 元旦"
    );
    assert!(
        hours.is_open(&cal, None, at("2026-09-20", "14:00")),
        "make-up Sunday before 国庆"
    );
}

#[test]
fn next_opening_skips_lunch_nights_weekends_and_holidays() {
    let (hours, cal) = setup();
    let next = |now| hours.next_opening(&cal, None, now);
    assert_eq!(
        next(at("2026-03-02", "10:00")),
        at("2026-03-02", "10:00"),
        "open now"
    );
    assert_eq!(next(at("2026-03-02", "07:15")), at("2026-03-02", "09:00"));
    assert_eq!(next(at("2026-03-02", "11:30")), at("2026-03-02", "13:30"));
    assert_eq!(next(at("2026-03-02", "16:30")), at("2026-03-03", "09:00"));
    assert_eq!(
        next(at("2026-03-06", "17:00")),
        at("2026-03-09", "09:00"),
        "Friday 17:00 to Monday 9:00"
    );
    assert_eq!(
        next(at("2026-09-30", "17:00")),
        at("2026-10-08", "09:00"),
        "across 国庆"
    );
    assert_eq!(
        next(at("2026-02-13", "17:00")),
        at("2026-02-14", "09:00"),
        "the make-up Saturday"
    );
    assert_eq!(
        next(at("2026-12-31", "16:45")),
        at("2027-01-04", "09:00"),
        "across the year"
    );
}

#[test]
fn closing_time_is_the_end_of_the_current_span() {
    let (hours, cal) = setup();
    assert_eq!(
        hours.closing_time(&cal, None, at("2026-03-02", "10:00")),
        Some(at("2026-03-02", "11:30"))
    );
    assert_eq!(
        hours.closing_time(&cal, None, at("2026-03-02", "12:00")),
        None
    );
}

#[test]
fn departments_may_have_their_own_hours() {
    let (hours, cal) = setup();
    let late = at("2026-03-02", "16:45");
    assert!(hours.is_open(&cal, Some("市税务局"), late));
    assert!(!hours.is_open(&cal, None, late));
    assert!(
        !hours.is_open(&cal, Some("未配置的部门"), late),
        "unknown departments use the default"
    );
    assert_eq!(hours.describe_hours(None), "工作日 9:00-11:30、13:30-16:30");
    assert_eq!(
        hours.describe_hours(Some("市税务局")),
        "工作日 9:00-11:30、13:30-17:00"
    );
}

#[test]
fn descriptions_for_the_widget() {
    let (hours, cal) = setup();
    let describe = |now| hours.describe_next_opening(&cal, None, now);
    assert_eq!(
        describe(at("2026-03-02", "10:00")),
        "人工服务中，今天 11:30 结束"
    );
    assert_eq!(
        describe(at("2026-03-02", "12:10")),
        "人工服务将于今天 13:30 开始"
    );
    assert_eq!(
        describe(at("2026-03-02", "18:00")),
        "人工服务将于明天 9:00 开始"
    );
    assert_eq!(
        describe(at("2026-11-20", "17:00")),
        "人工服务将于 11月23日（周一）9:00 开始"
    );
    assert_eq!(
        describe(at("2026-09-30", "20:00")),
        "人工服务将于 10月8日（周四）9:00 开始"
    );
    assert_eq!(
        describe(at("2026-12-31", "17:00")),
        "人工服务将于 2027年1月4日（周一）9:00 开始"
    );
}

fn refused(text: &str) -> String {
    Hours::from_json(text).unwrap_err().to_string()
}

#[test]
fn bad_hours_files_are_refused_with_the_reason() {
    assert!(Hours::from_json(r#"{"default":[["9:00","12:00"]]}"#).is_ok());
    assert_eq!(
        refused(r#"{"default":[["9:00","25:00"]]}"#),
        "hours file: default: \"25:00\" is not a time H:MM"
    );
    assert_eq!(
        refused(r#"{"default":[["9.00","11:00"]]}"#),
        "hours file: default: \"9.00\" is not a time H:MM"
    );
    assert_eq!(
        refused(r#"{"default":[["13:30","11:30"]]}"#),
        "hours file: default: 13:30-11:30 closes before it opens"
    );
    assert_eq!(
        refused(
            r#"{"default":[["9:00","12:00"]],"departments":{"甲":[["13:00","15:00"],["14:00","16:00"]]}}"#
        ),
        "hours file: 甲: 14:00-16:00 overlaps or precedes the span before it"
    );
    assert_eq!(
        refused(r#"{"default":[]}"#),
        "hours file: default: no opening spans"
    );
    assert!(refused(r#"{"default":[["9:00"]]}"#).contains("invalid length 1"));
    assert!(refused(r#"{"defaults":[]}"#).contains("unknown field `defaults`"));
    assert!(refused("{").contains("EOF while parsing"));
}

#[test]
fn times_parse_strictly() {
    assert_eq!(parse_time("09:00"), Some(540));
    assert_eq!(parse_time("9:05"), Some(545));
    assert_eq!(parse_time("24:00"), Some(1440));
    for bad in ["24:01", "9:5", "9:60", "+9:00", "09", "", ":30", "009:00"] {
        assert_eq!(parse_time(bad), None, "{bad}");
    }
}
