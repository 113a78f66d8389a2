//! The expiry calendar as an SVG chart drawn here, no library, no
//! script: per organisation a row of months, two bars each (certificates
//! ending, cards ending), with the counts written on them.

use super::markup::escape;
use crate::base::lang::Lang;
use crate::cli::render::words::org_number;
use crate::report::FleetCalendar;

/// Organisations drawn one by one; the rest are drawn together.
const SHOWN: usize = 8;

const WIDTH: usize = 1040;
const LEFT: usize = 60;
const PANEL: usize = 150;
const BAR_AREA: usize = 100;

/// One panel per organisation (most first), as one `<svg>` element.
pub fn calendar(c: &FleetCalendar, lang: Lang) -> String {
    let mut panels: Vec<(String, Vec<u64>, Vec<u64>)> = Vec::new();
    let n = c.months.len();
    for (i, o) in c.organisations.iter().enumerate() {
        let name = match (&o.name, &o.number) {
            (Some(name), Some(num)) => format!("{name} ({})", org_number(num)),
            (None, Some(num)) => org_number(num),
            _ => lang
                .pick(
                    "utan organisation (personnummercertifikat)",
                    "no organisation (personnummer certificates)",
                )
                .to_string(),
        };
        if i < SHOWN {
            panels.push((name, o.certificates.clone(), o.cards.clone()));
        } else {
            if panels.len() == SHOWN {
                panels.push((
                    lang.pick("övriga organisationer", "other organisations")
                        .into(),
                    vec![0; n],
                    vec![0; n],
                ));
            }
            if let Some(rest) = panels.last_mut() {
                for m in 0..n {
                    rest.1[m] += o.certificates.get(m).copied().unwrap_or(0);
                    rest.2[m] += o.cards.get(m).copied().unwrap_or(0);
                }
            }
        }
    }
    let height = 40 + panels.len().max(1) * PANEL;
    let mut out = format!(
        "<svg class=\"calendar\" viewBox=\"0 0 {WIDTH} {height}\" \
         width=\"100%\" role=\"img\" aria-label=\"{}\">\n",
        escape(lang.pick("Utgångskalender", "Expiry calendar"))
    );
    let certs_word = lang.pick("certifikat", "certificates");
    let cards_word = lang.pick("kort", "cards");
    out.push_str(&format!(
        "<rect x=\"{LEFT}\" y=\"8\" width=\"12\" height=\"12\" class=\"cert\"/><text x=\"{}\" y=\"19\">{}</text>\
         <rect x=\"{}\" y=\"8\" width=\"12\" height=\"12\" class=\"card\"/><text x=\"{}\" y=\"19\">{}</text>\n",
        LEFT + 18,
        escape(lang.pick("certifikat som går ut", "certificates ending")),
        LEFT + 220,
        LEFT + 238,
        escape(lang.pick("kort som går ut (tryckt datum)", "cards ending (printed date)")),
    ));
    if panels.is_empty() {
        out.push_str(&format!(
            "<text x=\"{LEFT}\" y=\"70\">{}</text>\n",
            escape(lang.pick(
                "Inget går ut under perioden.",
                "Nothing ends in this period."
            ))
        ));
    }
    let slot = (WIDTH - LEFT - 10) / n.max(1);
    let bar = (slot.saturating_sub(6) / 2).max(2);
    for (p, (name, certs, cards)) in panels.iter().enumerate() {
        let top = 40 + p * PANEL;
        let base = top + 20 + BAR_AREA;
        let max = certs
            .iter()
            .chain(cards.iter())
            .copied()
            .max()
            .unwrap_or(0)
            .max(1);
        out.push_str(&format!(
            "<g class=\"panel\"><text x=\"{LEFT}\" y=\"{}\" class=\"org\">{}</text>\
             <line x1=\"{LEFT}\" y1=\"{base}\" x2=\"{}\" y2=\"{base}\" class=\"axis\"/>\
             <text x=\"{}\" y=\"{}\" class=\"scale\">{max}</text>\n",
            top + 14,
            escape(name),
            WIDTH - 10,
            LEFT - 6,
            top + 26,
        ));
        for (m, month) in c.months.iter().enumerate() {
            let x = LEFT + m * slot + 2;
            for (k, (counts, class, word)) in
                [(certs, "cert", certs_word), (cards, "card", cards_word)]
                    .into_iter()
                    .enumerate()
            {
                let v = counts.get(m).copied().unwrap_or(0);
                let h = (v as usize * BAR_AREA) / max as usize;
                let h = if v > 0 { h.max(2) } else { 0 };
                let bx = x + k * (bar + 1);
                out.push_str(&format!(
                    "<rect class=\"bar {class}\" data-month=\"{}\" data-count=\"{v}\" x=\"{bx}\" y=\"{}\" \
                     width=\"{bar}\" height=\"{h}\"><title>{}: {v} {}</title></rect>",
                    escape(month),
                    base - h,
                    escape(month),
                    escape(word),
                ));
                if v > 0 {
                    out.push_str(&format!(
                        "<text x=\"{}\" y=\"{}\" class=\"count\">{v}</text>",
                        bx + bar / 2,
                        base - h - 3
                    ));
                }
            }
            out.push_str(&format!(
                "<text x=\"{}\" y=\"{}\" class=\"month\">{}</text>\n",
                x + bar,
                base + 14,
                escape(month.get(2..).unwrap_or(month))
            ));
        }
        out.push_str("</g>\n");
    }
    out.push_str("</svg>\n");
    out
}
