//! The dashboard's chart of calls per day and peak concurrent calls (issue
//! 6 item 2), drawn on the server as inline SVG (SVG 1.1, no script, no
//! external resource: it passes the portal's `default-src 'self'` CSP and
//! works without JavaScript). Bars show each day's call attempts, the
//! answered part darker; a line shows the day's peak of calls at once,
//! against the same axis. Colours are presentation attributes, not a
//! `<style>` element, so no inline style needs a CSP exception (the
//! portal's stylesheet may still restyle the classes). The figure carries a text alternative
//! (`role="img"`, `<title>`, `<desc>`) for screen readers.

use std::fmt::Write;

use store::DayVolume;

/// The drawing's size and margins, in SVG user units.
const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 260.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 36.0;
/// How many horizontal grid lines (besides the base line) at most.
const GRID_LINES: u32 = 4;

/// The chart of `days` as an `<svg>` element.
pub fn call_volume_svg(days: &[DayVolume]) -> String {
    let scale = Scale::for_days(days);
    let mut svg = String::new();
    let total: u32 = days.iter().map(|d| d.calls).sum();
    let peak = days.iter().map(|d| d.peak_concurrent).max().unwrap_or(0);
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="system-ui, sans-serif" role="img" aria-labelledby="chart-title chart-desc"><title id="chart-title">Calls per day</title><desc id="chart-desc">{total} calls over {} days; at most {peak} calls at once.</desc>"##,
        days.len()
    );
    grid(&mut svg, &scale);
    for (n, day) in days.iter().enumerate() {
        bar(&mut svg, &scale, n, day);
        label(&mut svg, &scale, n, day, days.len());
    }
    peak_line(&mut svg, &scale, days);
    legend(&mut svg);
    svg.push_str("</svg>");
    svg
}

/// Maps a day's index and a count to drawing coordinates.
struct Scale {
    /// The value at the top of the plot: a round number at or above the
    /// highest bar or peak.
    top: u32,
    /// The grid step.
    step: u32,
    /// The width given to each day.
    slot: f64,
}

impl Scale {
    fn for_days(days: &[DayVolume]) -> Self {
        let highest = days.iter().map(|d| d.calls.max(d.peak_concurrent)).max().unwrap_or(0).max(1);
        let step = nice_step(highest.div_ceil(GRID_LINES));
        let slot = (WIDTH - LEFT - RIGHT) / days.len().max(1) as f64;
        Self { top: highest.div_ceil(step) * step, step, slot }
    }

    fn y(&self, value: u32) -> f64 {
        let plot = HEIGHT - TOP - BOTTOM;
        HEIGHT - BOTTOM - plot * f64::from(value) / f64::from(self.top)
    }

    fn x_center(&self, n: usize) -> f64 {
        LEFT + self.slot * (n as f64 + 0.5)
    }
}

/// The smallest 1, 2 or 5 × 10ⁿ at or above `at_least`.
fn nice_step(at_least: u32) -> u32 {
    let mut power = 1u32;
    loop {
        for factor in [1, 2, 5] {
            let step = factor * power;
            if step >= at_least {
                return step;
            }
        }
        power = power.saturating_mul(10);
    }
}

fn grid(svg: &mut String, scale: &Scale) {
    let mut value = 0;
    while value <= scale.top {
        let y = scale.y(value);
        let _ = write!(
            svg,
            r##"<line class="grid" stroke="#e5e7eb" x1="{LEFT}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}"/><text class="axis" fill="#6b7280" font-size="11" x="{:.1}" y="{:.1}" text-anchor="end">{value}</text>"##,
            WIDTH - RIGHT,
            LEFT - 6.0,
            y + 4.0
        );
        value += scale.step;
    }
}

fn bar(svg: &mut String, scale: &Scale, n: usize, day: &DayVolume) {
    if day.calls == 0 {
        return;
    }
    let width = (scale.slot * 0.7).max(1.0);
    let x = scale.x_center(n) - width / 2.0;
    let (base, all, answered) = (scale.y(0), scale.y(day.calls), scale.y(day.answered));
    let _ = write!(
        svg,
        r##"<rect class="calls" fill="#c7d2fe" x="{x:.1}" y="{all:.1}" width="{width:.1}" height="{:.1}"><title>{}: {} calls, {} answered, at most {} at once</title></rect>"##,
        base - all,
        short_date(day.day),
        day.calls,
        day.answered,
        day.peak_concurrent
    );
    if day.answered > 0 {
        let _ = write!(
            svg,
            r##"<rect class="answered" fill="#4f46e5" x="{x:.1}" y="{answered:.1}" width="{width:.1}" height="{:.1}"/>"##,
            base - answered
        );
    }
}

/// The day of the month under the bar, every few days when there are many.
fn label(svg: &mut String, scale: &Scale, n: usize, day: &DayVolume, days: usize) {
    let every = days.div_ceil(15).max(1);
    if !n.is_multiple_of(every) {
        return;
    }
    let _ = write!(
        svg,
        r##"<text class="axis" fill="#6b7280" font-size="11" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"##,
        scale.x_center(n),
        HEIGHT - BOTTOM + 16.0,
        short_date(day.day)
    );
}

fn peak_line(svg: &mut String, scale: &Scale, days: &[DayVolume]) {
    if days.is_empty() {
        return;
    }
    let points: Vec<String> = days
        .iter()
        .enumerate()
        .map(|(n, day)| format!("{:.1},{:.1}", scale.x_center(n), scale.y(day.peak_concurrent)))
        .collect();
    let _ = write!(
        svg,
        r##"<polyline class="peak" fill="none" stroke="#f59e0b" stroke-width="2.5" stroke-linejoin="round" points="{}"/>"##,
        points.join(" ")
    );
}

/// The key, top right: answered, not answered, peak at once.
fn legend(svg: &mut String) {
    let keys = [("#4f46e5", "answered", false), ("#c7d2fe", "not answered", false), ("#f59e0b", "most at once", true)];
    let mut x = WIDTH - RIGHT - 300.0;
    for (colour, text, line) in keys {
        let _ = if line {
            write!(
                svg,
                r##"<line stroke="{colour}" stroke-width="2.5" x1="{x:.1}" y1="6" x2="{:.1}" y2="6"/>"##,
                x + 12.0
            )
        } else {
            write!(svg, r##"<rect fill="{colour}" x="{x:.1}" y="1" width="12" height="10"/>"##)
        };
        let _ = write!(svg, r##"<text fill="#374151" font-size="11" x="{:.1}" y="10">{text}</text>"##, x + 16.0);
        x += 100.0;
    }
}

/// "Mar 2".
fn short_date(day: jiff::civil::Date) -> String {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let month = MONTHS[usize::try_from(day.month() - 1).unwrap_or(0) % 12];
    format!("{month} {}", day.day())
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    fn day(d: i8, calls: u32, answered: u32, peak_concurrent: u32) -> DayVolume {
        DayVolume { day: date(2026, 3, d), calls, answered, peak_concurrent }
    }

    /// The value of `attribute` in each element starting with `tag`.
    fn attributes(svg: &str, tag: &str, attribute: &str) -> Vec<f64> {
        svg.split(tag)
            .skip(1)
            .map(|rest| {
                let value = rest.split(&format!(" {attribute}=\"")).nth(1).unwrap();
                value[..value.find('"').unwrap()].parse().unwrap()
            })
            .collect()
    }

    #[test]
    fn bar_heights_are_proportional_to_calls_and_answered() {
        let svg = call_volume_svg(&[day(1, 40, 30, 5), day(2, 0, 0, 0), day(3, 20, 5, 2)]);
        let heights = attributes(&svg, "<rect class=\"calls\"", "height");
        assert_eq!(heights.len(), 2, "no bar for a day without calls");
        assert!((heights[0] / heights[1] - 2.0).abs() < 0.01, "{heights:?}");
        let answered = attributes(&svg, "<rect class=\"answered\"", "height");
        assert!((answered[0] / heights[0] - 0.75).abs() < 0.01, "{answered:?}");
        assert!((answered[1] / heights[1] - 0.25).abs() < 0.01, "{answered:?}");
        assert!(heights[0] <= HEIGHT - TOP - BOTTOM + 0.01, "the highest bar fits the plot");
    }

    #[test]
    fn the_peak_line_has_a_point_per_day_and_the_grid_round_numbers() {
        let svg = call_volume_svg(&[day(1, 7, 7, 3), day(2, 13, 2, 9), day(3, 1, 1, 1)]);
        let points = svg.split("points=\"").nth(1).unwrap().split('"').next().unwrap();
        assert_eq!(points.split(' ').count(), 3);
        for tick in ["0", "5", "10", "15"] {
            assert!(svg.contains(&format!(">{tick}</text>")), "grid label {tick}: {svg}");
        }
        assert!(svg.contains("<desc id=\"chart-desc\">21 calls over 3 days; at most 9 calls at once.</desc>"));
        assert!(svg.contains(">Mar 1</text>") && svg.contains("Mar 2: 13 calls, 2 answered, at most 9 at once"));
    }

    #[test]
    fn an_empty_month_draws_axes_and_no_bars() {
        let days: Vec<_> = (1..=30).map(|d| day(d, 0, 0, 0)).collect();
        let svg = call_volume_svg(&days);
        assert!(!svg.contains("<rect class"));
        assert_eq!(svg.matches(">Mar ").count(), 15, "every second day labelled");
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }

    #[test]
    fn nice_steps_are_one_two_or_five_times_a_power_of_ten() {
        let steps: Vec<u32> = [1, 2, 3, 6, 11, 30, 499].into_iter().map(nice_step).collect();
        assert_eq!(steps, [1, 2, 5, 10, 20, 50, 500]);
    }
}
