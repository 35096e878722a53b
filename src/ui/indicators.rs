//! The indicators view: each priority's performance indicators with their monthly series
//! as a sparkline (missing months as gaps), the latest value, the direction of travel judged
//! by polarity (symbol, word and colour), the Making Data Count signal of the latest month,
//! and the anchors (target, statistical neighbours, baseline, year to date). The selected
//! indicator's figures, limits and notes are shown in full below the list.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::findbar::fit;
use crate::app::App;
use crate::app::find;
use crate::model::indicator::{self, Travel};
use crate::model::spc::{self, Side, Variation};
use crate::model::{Indicator, Polarity};
use crate::ui::theme::Theme;

/// From this inner width the anchors get columns of their own.
const WIDE: usize = 140;

pub fn render(frame: &mut Frame, app: &App, area: Rect, selected: usize) {
    let t = app.theme();
    let plan = app.plan();
    let months = app.meeting().index().months();
    let rows = find::indicator_rows(app);
    let detail_h = if area.height >= 30 { 11 } else { 8 };
    let [list_area, detail_area] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(detail_h)]).areas(area);
    let inner = list_area.width.saturating_sub(2) as usize;
    let wide = inner >= WIDE;
    let spark_w = months.len().max(7);
    // name | spark | latest | direction | signal [| unit polarity target sn baseline ytd]
    let fixed = 2 + spark_w + 1 + 9 + 11 + 14 + if wide { 8 + 9 + 9 * 4 + 1 } else { 0 };
    let name_w = inner.saturating_sub(fixed).max(10);

    let mut lines = Vec::new();
    let mut head = format!(
        "  {:<name_w$} {:<spark_w$} {:>8} {:<11}{:<14}",
        "Indicator",
        fit(&months_span(months), spark_w),
        "latest",
        "direction",
        "signal (SPC)"
    );
    if wide {
        head.push_str(&format!(
            "{:<8}{:<9}{:>9}{:>9}{:>9}{:>9}",
            "unit", "polarity", "target", "SN avg", "baseline", "YTD"
        ));
    }
    lines.push(Line::from(Span::styled(head, t.label())));
    // Where the selected indicator's line is (a priority's heading, then its indicators),
    // counted first, so only the lines in sight are made: a council-wide plan has
    // thousands of indicators.
    let visible = list_area.height.saturating_sub(2) as usize;
    let mut selected_line = 0;
    let mut line = 1;
    let mut k = 0;
    for pr in plan.priorities.iter().filter(|p| !p.indicators.is_empty()) {
        if (k..k + pr.indicators.len()).contains(&selected) {
            selected_line = line + 1 + (selected - k);
        }
        line += 1 + pr.indicators.len();
        k += pr.indicators.len();
    }
    let scroll = selected_line.saturating_sub(visible.saturating_sub(1));
    // Lines before `skipped` are left out, and the scroll shortened by as many.
    let skipped = scroll.saturating_sub(1);
    let in_sight = |l: usize| l > skipped && l <= skipped + visible;
    let mut line = 1;
    let mut k = 0;
    for pr in plan.priorities.iter().filter(|p| !p.indicators.is_empty()) {
        if line > skipped + visible {
            break;
        }
        if in_sight(line) {
            lines.push(Line::from(Span::styled(
                fit(
                    &format!("{} {} {}", plan.names.priority, pr.id, pr.title),
                    inner,
                ),
                t.title(),
            )));
        }
        line += 1;
        for ind in &pr.indicators {
            if in_sight(line) {
                lines.push(row(t, ind, months, name_w, wide, k == selected));
            }
            line += 1;
            k += 1;
        }
    }
    if rows.is_empty() {
        lines.push(Line::from("This plan has no performance indicators."));
    }
    let scroll = scroll - skipped;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border(true))
        .title(format!(" Indicators ({}) ", rows.len()));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((scroll as u16, 0)),
        list_area,
    );

    let detail = rows
        .get(selected)
        .and_then(|&(p, i)| plan.priority_at(p)?.indicators.get(i))
        .map(|ind| detail(t, ind, months))
        .unwrap_or_default();
    frame.render_widget(
        Paragraph::new(detail).wrap(Wrap { trim: false }).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(t.border(false))
                .title(" Selected indicator "),
        ),
        detail_area,
    );
}

fn months_span(months: &[String]) -> String {
    match (months.first(), months.last()) {
        (Some(a), Some(b)) if a != b => format!(
            "{}-{}",
            indicator::month_label(a),
            indicator::month_label(b)
        ),
        (Some(a), _) => indicator::month_label(a),
        _ => "months".into(),
    }
}

fn row(
    t: &Theme,
    ind: &Indicator,
    months: &[String],
    name_w: usize,
    wide: bool,
    here: bool,
) -> Line<'static> {
    let values = indicator::series(ind, months);
    let base = if here { t.selected() } else { Style::new() };
    let mut spans = vec![
        Span::styled(
            format!(
                "{}{:<name_w$} ",
                if here { "▶ " } else { "  " },
                fit(&crate::text::clean(&ind.name), name_w)
            ),
            base,
        ),
        Span::styled(
            format!(
                "{:<w$}",
                indicator::sparkline(&values),
                w = months.len().max(7)
            ),
            t.title(),
        ),
        Span::raw(format!(
            " {:>8} ",
            indicator::latest(&values).map_or_else(
                || "-".into(),
                |v| fit(&indicator::value_text(v, &ind.unit), 8)
            )
        )),
    ];
    spans.push(travel_span(t, indicator::travel(&values, ind.polarity)));
    spans.push(signal_span(t, spc::latest(&values, ind.polarity)));
    if wide {
        let num = |v: Option<f64>| {
            v.map_or_else(
                || "-".into(),
                |v| fit(&indicator::value_text(v, &ind.unit), 8),
            )
        };
        spans.push(Span::raw(format!(
            "{:<8}{:<9}{:>9}{:>9}{:>9}{:>9}",
            fit(&ind.unit, 7),
            polarity_word(ind.polarity),
            num(ind.target),
            num(ind.sn_average),
            num(ind.baseline),
            num(ind.ytd)
        )));
    }
    Line::from(spans)
}

fn polarity_word(p: Option<Polarity>) -> &'static str {
    match p {
        Some(Polarity::HigherIsBetter) => "higher ↑",
        Some(Polarity::LowerIsBetter) => "lower ↓",
        None => "not set",
    }
}

/// Arrow and word, coloured as good or bad news when the polarity says which.
fn travel_span(t: &Theme, travel: Option<Travel>) -> Span<'static> {
    match travel {
        None => Span::styled(format!("{:<11}", "-"), t.dim()),
        Some(tr) => {
            let text = format!("{} {:<9}", tr.dot.arrow(), tr.word());
            match tr.better {
                Some(good) => Span::styled(text, t.news(good)),
                None => Span::raw(text),
            }
        }
    }
}

fn signal_span(t: &Theme, v: Option<Variation>) -> Span<'static> {
    match v {
        None => Span::styled(format!("{:<14}", "-"), t.dim()),
        Some(Variation::Common) => Span::styled(format!("{:<14}", "~ common"), t.dim()),
        Some(Variation::Improvement) => {
            Span::styled(format!("{:<14}", "◆ improving"), t.news(true))
        }
        Some(Variation::Concern) => Span::styled(format!("{:<14}", "◆ concern"), t.news(false)),
        Some(Variation::Special(Side::High)) => Span::raw(format!("{:<14}", "◆ high, real")),
        Some(Variation::Special(Side::Low)) => Span::raw(format!("{:<14}", "◆ low, real")),
    }
}

/// Everything about one indicator.
fn detail(t: &Theme, ind: &Indicator, months: &[String]) -> Vec<Line<'static>> {
    let values = indicator::series(ind, months);
    let num =
        |v: Option<f64>| v.map_or_else(|| "-".into(), |v| indicator::value_text(v, &ind.unit));
    let field = |name: &str, value: String| {
        vec![
            Span::styled(format!("{name} "), t.label()),
            Span::raw(format!("{value}  ")),
        ]
    };
    let mut out = vec![Line::from(Span::styled(
        format!("{} {}", ind.id, crate::text::clean(&ind.name)),
        t.title(),
    ))];
    let mut anchors = Vec::new();
    anchors.extend(field("unit", ind.unit.clone()));
    anchors.extend(field("polarity", polarity_word(ind.polarity).into()));
    anchors.extend(field("baseline", num(ind.baseline)));
    anchors.extend(field("target", num(ind.target)));
    anchors.extend(field("SN average", num(ind.sn_average)));
    anchors.extend(field("YTD", num(ind.ytd)));
    // No trailing blanks, so a full line does not wrap into an empty one.
    if let Some(last) = anchors.last_mut() {
        last.content = last.content.trim_end().to_string().into();
    }
    out.push(Line::from(anchors));
    // The direction names the two months it compares: the latest value and the latest
    // earlier month that has one (a month with none is never a comparison).
    if let (Some(tr), Some((before, last))) = (
        indicator::travel(&values, ind.polarity),
        indicator::travel_points(&values),
    ) {
        let at = |k: usize| {
            format!(
                "{} in {}",
                num(values[k]),
                indicator::month_year_label(&months[k])
            )
        };
        out.push(Line::from(vec![
            Span::styled("direction ", t.label()),
            travel_span(t, Some(tr)),
            Span::raw(format!("{}, from {}", at(last), at(before))),
        ]));
    }
    let sig = spc::signals(&values);
    let mut by_month = vec![Span::styled("months ", t.label())];
    for ((m, v), s) in months.iter().zip(&values).zip(&sig) {
        let text = format!(
            "{} {}{}  ",
            indicator::month_label(m),
            v.map_or_else(|| "·".into(), |v| indicator::value_text(v, &ind.unit)),
            if s.any() { "◆" } else { "" }
        );
        by_month.push(match (s.side(), ind.polarity) {
            (Some(side), Some(p)) => {
                let good = matches!(
                    (side, p),
                    (Side::High, Polarity::HigherIsBetter) | (Side::Low, Polarity::LowerIsBetter)
                );
                Span::styled(text, t.news(good))
            }
            _ => Span::raw(text),
        });
    }
    out.push(Line::from(by_month));
    let mut spc_line = vec![Span::styled("SPC ", t.label())];
    match spc::limits(&values) {
        Some(l) => {
            spc_line.push(Span::raw(format!(
                "mean {}, process limits {} to {} ({} points)",
                indicator::value_text(l.mean, &ind.unit),
                indicator::value_text(l.lower, &ind.unit),
                indicator::value_text(l.upper, &ind.unit),
                l.points
            )));
            let fired: Vec<&str> = sig.iter().flat_map(|s| s.words()).collect();
            let mut words: Vec<&str> = Vec::new();
            for w in fired {
                if !words.contains(&w) {
                    words.push(w);
                }
            }
            spc_line.push(Span::raw(if words.is_empty() {
                "; no signal: common-cause variation".to_string()
            } else {
                format!("; signals: {}", words.join(", "))
            }));
            if l.points < spc::RUN {
                spc_line.push(Span::styled(
                    format!("; under {} points, a run cannot show yet", spc::RUN),
                    t.dim(),
                ));
            }
        }
        None => spc_line.push(Span::styled("fewer than two values: no limits", t.dim())),
    }
    out.push(Line::from(spc_line));
    if let Some(n) = &ind.notes {
        out.push(Line::from(vec![
            Span::styled("notes ", t.label()),
            Span::raw(crate::text::clean(n).into_owned()),
        ]));
    }
    if let Some(n) = &ind.source_note {
        out.push(Line::from(vec![
            Span::styled("source ", t.label()),
            Span::styled(crate::text::clean(n).into_owned(), t.dim()),
        ]));
    }
    out
}

/// A priority's detail line for an indicator: its name, sparkline, direction of travel,
/// every month's value and its notes (the indicators view, `I`, has the rest).
pub fn brief(app: &App, ind: &Indicator) -> Line<'static> {
    let t = app.theme();
    let values = indicator::series(ind, app.meeting().index().months());
    let mut spans = vec![Span::raw(format!(
        "  • {}: ",
        crate::text::clean(&ind.name)
    ))];
    // The sparkline and direction only where there is a series to draw.
    if ind.values.is_empty() {
        spans.push(Span::raw("no data"));
    } else {
        spans.push(Span::styled(indicator::sparkline(&values), t.title()));
        if let Some(tr) = indicator::travel(&values, ind.polarity) {
            let mut s = travel_span(t, Some(tr));
            s.content = format!(" {} {}", tr.dot.arrow(), tr.word()).into();
            spans.push(s);
        }
        spans.push(Span::raw(" · "));
    }
    let listed: Vec<String> = ind
        .values
        .iter()
        .map(|(m, v)| {
            format!(
                "{} {}",
                indicator::month_label(m),
                indicator::value_text(*v, &ind.unit)
            )
        })
        .collect();
    spans.push(Span::raw(listed.join("  ")));
    if let Some(n) = &ind.notes {
        spans.push(Span::raw(format!("  ({})", crate::text::clean(n))));
    }
    Line::from(spans)
}
