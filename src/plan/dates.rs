//! Calendar arithmetic for session dates: days since 1970-01-01, weekdays,
//! cadences. Small enough not to need a date crate.

use crate::content::Date;

/// How sessions follow one another in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Cadence {
    Daily,
    /// Monday to Friday.
    Weekdays,
    Weekly,
    /// No dates.
    #[default]
    None,
}

impl Cadence {
    pub fn parse(s: &str) -> Option<Cadence> {
        match s.trim() {
            "daily" | "每天" => Some(Cadence::Daily),
            "weekdays" | "工作日" => Some(Cadence::Weekdays),
            "weekly" | "每周" => Some(Cadence::Weekly),
            "none" | "" => Some(Cadence::None),
            _ => None,
        }
    }
}

/// A calendar day as a count of days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day(pub i64);

impl Day {
    /// The day of a full date (year, month and day).
    pub fn of(date: Date) -> Option<Day> {
        Some(Day(days_from_civil(date.year as i64, date.month? as i64, date.day? as i64)))
    }

    /// 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> i64 {
        (self.0 + 3).rem_euclid(7)
    }

    pub fn ymd(self) -> (i64, i64, i64) {
        civil_from_days(self.0)
    }

    /// `2025-03-03`.
    pub fn iso(self) -> String {
        let (y, m, d) = self.ymd();
        format!("{y:04}-{m:02}-{d:02}")
    }

    /// `20250303`, as iCalendar writes a date.
    pub fn compact(self) -> String {
        self.iso().replace('-', "")
    }

    fn is_weekend(self) -> bool {
        self.weekday() >= 5
    }
}

/// The dates of `n` sessions from `start` at `cadence`; empty without a cadence.
/// On weekdays, a start on a weekend moves to the Monday after.
pub fn schedule(start: Day, cadence: Cadence, n: usize) -> Vec<Day> {
    let mut days = Vec::with_capacity(n);
    let mut day = start;
    let step = |d: Day| match cadence {
        Cadence::Weekly => Day(d.0 + 7),
        _ => Day(d.0 + 1),
    };
    while days.len() < n && cadence != Cadence::None {
        if cadence != Cadence::Weekdays || !day.is_weekend() {
            days.push(day);
        }
        day = step(day);
    }
    days
}

/// Howard Hinnant's `days_from_civil`.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        Day::of(Date::parse(s).unwrap()).unwrap()
    }

    #[test]
    fn calendar_round_trip_and_weekdays() {
        assert_eq!(day("1970-01-01"), Day(0));
        assert_eq!(day("2024-02-29").iso(), "2024-02-29");
        assert_eq!(day("2025-11-24").weekday(), 0, "a Monday");
        assert_eq!(day("2025-11-23").weekday(), 6, "a Sunday");
        assert_eq!(Day(day("2024-12-31").0 + 1).iso(), "2025-01-01");
    }

    #[test]
    fn weekdays_skip_weekends() {
        let days: Vec<String> = schedule(day("2025-11-20"), Cadence::Weekdays, 4).iter().map(|d| d.iso()).collect();
        assert_eq!(days, ["2025-11-20", "2025-11-21", "2025-11-24", "2025-11-25"]);
        let from_saturday = schedule(day("2025-11-22"), Cadence::Weekdays, 1);
        assert_eq!(from_saturday[0].iso(), "2025-11-24");
    }

    #[test]
    fn daily_weekly_and_none() {
        let daily: Vec<String> = schedule(day("2025-12-30"), Cadence::Daily, 3).iter().map(|d| d.iso()).collect();
        assert_eq!(daily, ["2025-12-30", "2025-12-31", "2026-01-01"]);
        let weekly: Vec<String> = schedule(day("2025-01-06"), Cadence::Weekly, 3).iter().map(|d| d.iso()).collect();
        assert_eq!(weekly, ["2025-01-06", "2025-01-13", "2025-01-20"]);
        assert!(schedule(day("2025-01-06"), Cadence::None, 3).is_empty());
    }
}
