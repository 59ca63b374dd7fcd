//! The Czech working-day calendar, in Europe/Prague local time.
//!
//! Deadlines and reminders are promised to people in Brno or Prague, so days
//! are counted on the local calendar and the local time of day is kept: a
//! referral made at 09:00 is reminded at 09:00, in winter and in summer alike.

use chrono::{
    DateTime, Datelike, Days, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday,
};
use chrono_tz::Europe::Prague;

use super::definition::Unit;

/// Public holidays on the same date every year (month, day), per Act No. 245/2000 Coll.
const FIXED_HOLIDAYS: [(u32, u32); 11] = [
    (1, 1),   // Restoration of the independent Czech state / New Year
    (5, 1),   // Labour Day
    (5, 8),   // Liberation Day
    (7, 5),   // Saints Cyril and Methodius
    (7, 6),   // Jan Hus
    (9, 28),  // Czech Statehood Day
    (10, 28), // Independent Czechoslovak State Day
    (11, 17), // Struggle for Freedom and Democracy Day
    (12, 24), // Christmas Eve
    (12, 25), // Christmas Day
    (12, 26), // St Stephen's Day
];

/// Easter Sunday in the Gregorian calendar (the anonymous "Meeus/Jones/Butcher" algorithm).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    // The algorithm only yields dates between 22 March and 25 April, which always exist.
    NaiveDate::from_ymd_opt(year, month.unsigned_abs(), day.unsigned_abs()).unwrap_or_default()
}

/// Whether `date` is a Czech public holiday (fixed dates, Good Friday, Easter Monday).
pub fn is_public_holiday(date: NaiveDate) -> bool {
    if FIXED_HOLIDAYS.contains(&(date.month(), date.day())) {
        return true;
    }
    let easter = easter_sunday(date.year());
    easter.checked_sub_days(Days::new(2)) == Some(date)
        || easter.checked_add_days(Days::new(1)) == Some(date)
}

/// Whether offices are open on `date`: a weekday that is not a public holiday.
pub fn is_working_day(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !is_public_holiday(date)
}

fn next_day(date: NaiveDate) -> NaiveDate {
    date.succ_opt().unwrap_or(date)
}

fn next_working_day(mut date: NaiveDate) -> NaiveDate {
    loop {
        date = next_day(date);
        if is_working_day(date) {
            return date;
        }
    }
}

/// `n` working days after `start`, at the same Prague wall-clock time.
///
/// If `start` falls on a weekend or holiday, it is first moved to the next
/// working day (same time of day), so that something arriving on Saturday
/// gets as many full working days as something arriving on Monday; then `n`
/// working days are counted after that day. `n = 0` thus means "the same
/// moment, or the next working day at that time".
pub fn add_working_days(start: DateTime<Utc>, n: u32) -> DateTime<Utc> {
    let local = start.with_timezone(&Prague).naive_local();
    let mut date = local.date();
    if !is_working_day(date) {
        date = next_working_day(date);
    }
    for _ in 0..n {
        date = next_working_day(date);
    }
    from_prague(date.and_time(local.time()))
}

/// `n` calendar days after `start`, at the same Prague wall-clock time
/// (so across a DST change the interval is 23 or 25 hours longer or shorter).
pub fn add_calendar_days(start: DateTime<Utc>, n: u32) -> DateTime<Utc> {
    let local = start.with_timezone(&Prague).naive_local();
    let date = local
        .date()
        .checked_add_days(Days::new(u64::from(n)))
        .unwrap_or(NaiveDate::MAX);
    from_prague(date.and_time(local.time()))
}

/// `after` units of `unit` after `start`.
pub fn add(start: DateTime<Utc>, after: u32, unit: Unit) -> DateTime<Utc> {
    match unit {
        Unit::WorkingDays => add_working_days(start, after),
        Unit::CalendarDays => add_calendar_days(start, after),
    }
}

/// The instant of a Prague wall-clock time. An hour skipped by the spring DST
/// change is read as the hour after it; an hour repeated in autumn as its first occurrence.
fn from_prague(local: NaiveDateTime) -> DateTime<Utc> {
    match Prague.from_local_datetime(&local) {
        LocalResult::Single(time) | LocalResult::Ambiguous(time, _) => time.with_timezone(&Utc),
        LocalResult::None => {
            let later = local + chrono::TimeDelta::hours(1);
            match Prague.from_local_datetime(&later) {
                LocalResult::Single(time) | LocalResult::Ambiguous(time, _) => {
                    time.with_timezone(&Utc)
                }
                LocalResult::None => Utc.from_utc_datetime(&local),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn utc(text: &str) -> DateTime<Utc> {
        text.parse().expect("valid RFC 3339 instant")
    }

    #[test]
    fn easter_2026_falls_on_5_april_with_its_friday_and_monday_off() {
        assert_eq!(easter_sunday(2026), date(2026, 4, 5));
        assert!(is_public_holiday(date(2026, 4, 3)));
        assert!(is_public_holiday(date(2026, 4, 6)));
        assert!(!is_public_holiday(date(2026, 4, 2)));
        assert!(!is_public_holiday(date(2026, 4, 7)));
    }

    #[test]
    fn easter_2027_falls_on_28_march() {
        assert_eq!(easter_sunday(2027), date(2027, 3, 28));
        assert!(is_public_holiday(date(2027, 3, 26)));
        assert!(is_public_holiday(date(2027, 3, 29)));
    }

    #[test]
    fn easter_agrees_with_known_years() {
        assert_eq!(easter_sunday(2024), date(2024, 3, 31));
        assert_eq!(easter_sunday(2025), date(2025, 4, 20));
        assert_eq!(easter_sunday(2038), date(2038, 4, 25));
        assert_eq!(easter_sunday(2285), date(2285, 3, 22));
    }

    #[test]
    fn weekends_and_fixed_holidays_are_not_working_days() {
        assert!(!is_working_day(date(2026, 4, 4)));
        assert!(!is_working_day(date(2026, 4, 5)));
        assert!(!is_working_day(date(2026, 10, 28)));
        assert!(!is_working_day(date(2026, 11, 17)));
        assert!(is_working_day(date(2026, 11, 18)));
    }

    #[test]
    fn three_working_days_from_the_thursday_before_easter_is_the_next_thursday() {
        // Fri 3 Apr and Mon 6 Apr 2026 are holidays, 4-5 Apr a weekend:
        // Tue 7 (1), Wed 8 (2), Thu 9 (3). 10:00 CEST = 08:00 UTC.
        let start = utc("2026-04-02T08:00:00Z");
        assert_eq!(add_working_days(start, 3), utc("2026-04-09T08:00:00Z"));
    }

    #[test]
    fn working_days_keep_the_prague_time_across_the_spring_dst_change() {
        // Fri 27 Mar 2026 09:00 CET (08:00 UTC); DST starts Sun 29 Mar.
        let start = utc("2026-03-27T08:00:00Z");
        assert_eq!(add_working_days(start, 1), utc("2026-03-30T07:00:00Z"));
    }

    #[test]
    fn calendar_days_keep_the_prague_time_across_the_autumn_dst_change() {
        // Fri 23 Oct 2026 09:00 CEST (07:00 UTC); DST ends Sun 25 Oct.
        let start = utc("2026-10-23T07:00:00Z");
        assert_eq!(add_calendar_days(start, 14), utc("2026-11-06T08:00:00Z"));
    }

    #[test]
    fn working_days_skip_christmas_and_the_weekend_after_it() {
        // Wed 23 Dec 2026 → Thu 24, Fri 25 (holidays), Sat 26, Sun 27 → Mon 28.
        let start = utc("2026-12-23T13:00:00Z");
        assert_eq!(add_working_days(start, 1), utc("2026-12-28T13:00:00Z"));
        // And over New Year: Wed 30 Dec + 2 → Thu 31 (1), Fri 1 Jan is a holiday, Mon 4 Jan (2).
        let start = utc("2026-12-30T13:00:00Z");
        assert_eq!(add_working_days(start, 2), utc("2027-01-04T13:00:00Z"));
    }

    #[test]
    fn a_start_on_a_weekend_counts_from_the_next_working_day() {
        // Sat 11 Apr 2026 10:00 CEST → treated as Mon 13 Apr 10:00 → +3 = Thu 16 Apr.
        let start = utc("2026-04-11T08:00:00Z");
        assert_eq!(add_working_days(start, 3), utc("2026-04-16T08:00:00Z"));
        assert_eq!(add_working_days(start, 0), utc("2026-04-13T08:00:00Z"));
    }

    #[test]
    fn the_prague_date_not_the_utc_date_decides_what_day_it_is() {
        // 23:30 UTC on Thu 2 Apr 2026 is already Fri 3 Apr (Good Friday) 01:30 in Prague,
        // so counting starts from Tue 7 Apr: +1 = Wed 8 Apr 01:30 CEST.
        let start = utc("2026-04-02T23:30:00Z");
        assert_eq!(add_working_days(start, 1), utc("2026-04-07T23:30:00Z"));
    }

    #[test]
    fn a_time_skipped_by_the_dst_change_moves_an_hour_later() {
        // Thu 26 Mar 2026 02:30 CET; three calendar days later 02:30 does not exist.
        let start = utc("2026-03-26T01:30:00Z");
        assert_eq!(add_calendar_days(start, 3), utc("2026-03-29T01:30:00Z"));
    }

    #[test]
    fn add_dispatches_on_the_unit() {
        let start = utc("2026-04-02T08:00:00Z");
        assert_eq!(add(start, 3, Unit::WorkingDays), add_working_days(start, 3));
        assert_eq!(
            add(start, 3, Unit::CalendarDays),
            utc("2026-04-05T08:00:00Z")
        );
    }
}
