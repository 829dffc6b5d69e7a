//! Calls over time as a server-rendered SVG bar chart (one bar pair per hour).

use maud::{html, Markup};

/// Calls of each protocol in one time slot.
pub struct Slot {
    /// the slot's start, as shown under its bar (e.g. "14:00")
    pub label: String,
    pub soap: i64,
    pub rest: i64,
}

const WIDTH: i64 = 720;
const HEIGHT: i64 = 160;
const AXIS: i64 = 20;

pub fn calls_over_time(slots: &[Slot]) -> Markup {
    let top = slots
        .iter()
        .map(|s| s.soap.max(s.rest))
        .max()
        .unwrap_or(0)
        .max(1);
    let n = i64::try_from(slots.len()).unwrap_or(1).max(1);
    let step = WIDTH / n;
    let bar = (step / 2 - 1).max(1);
    let height = |calls: i64| calls * (HEIGHT - AXIS) / top;
    html! {
        svg xmlns="http://www.w3.org/2000/svg" width=(WIDTH) height=(HEIGHT) role="img"
            aria-label="calls per hour over the last day, SOAP and REST" {
            title { "Calls per hour, last 24 hours (SOAP dark, REST light); most in an hour: " (top) }
            @for (i, s) in slots.iter().enumerate() {
                @let x = i64::try_from(i).unwrap_or(0) * step;
                rect class="soap" x=(x) y=(HEIGHT - AXIS - height(s.soap)) width=(bar)
                    height=(height(s.soap)) fill="#1f4e79" {
                    title { (s.label) " SOAP: " (s.soap) }
                }
                rect class="rest" x=(x + bar) y=(HEIGHT - AXIS - height(s.rest)) width=(bar)
                    height=(height(s.rest)) fill="#7fb3e0" {
                    title { (s.label) " REST: " (s.rest) }
                }
                @if i % 4 == 0 {
                    text x=(x) y=(HEIGHT - 5) font-size="10" { (s.label) }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_busiest_slot_fills_the_height() {
        let svg = calls_over_time(&[
            Slot {
                label: "13:00".into(),
                soap: 4,
                rest: 0,
            },
            Slot {
                label: "14:00".into(),
                soap: 2,
                rest: 1,
            },
        ])
        .into_string();
        // 4 calls reach the top (140 px), 2 calls half of it
        assert!(svg.contains(r#"y="0" width="179" height="140""#), "{svg}");
        assert!(svg.contains(r#"height="70""#), "{svg}");
        assert!(svg.contains("14:00 REST: 1"), "{svg}");
    }
}
