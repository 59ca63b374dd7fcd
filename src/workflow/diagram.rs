//! An SVG picture of a workflow, for staff pages and the newcomer's status page.
//!
//! States are laid out in rows by their breadth-first distance from the
//! initial state, so the usual path reads top to bottom. Transitions that may
//! start in every open state (such as `cancel`) would clutter every box with
//! arrows, so they are listed once under the picture instead. The output is
//! self-contained (no scripts, no external fonts or styles) and deterministic,
//! so it can be cached and compared in tests.

use super::definition::{StateDef, StateKind, TransitionDef, Workflow};
use super::validate::state_depths;
use super::vocabulary::Language;

const BOX_HEIGHT: f64 = 56.0;
const GAP_X: f64 = 56.0;
const GAP_Y: f64 = 110.0;
const MARGIN: f64 = 32.0;
const TITLE_HEIGHT: f64 = 36.0;
const LEGEND_LINE: f64 = 22.0;

/// Renders `workflow` with texts in `lang`, the state named `highlight`
/// (typically the request's current state) filled and bold.
pub fn render_svg(workflow: &Workflow, lang: Language, highlight: Option<&str>) -> String {
    let layout = Layout::new(workflow, lang);
    let phrases = Phrases::of(lang);
    let title = phrases.title(workflow);
    let legend = any_open_lines(workflow, lang, &phrases);
    let height = layout.body_height() + legend.len() as f64 * LEGEND_LINE + MARGIN;
    let mut svg = format!(
        concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="wf-title wf-desc" "#,
            r#"width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.0} {h:.0}" "#,
            r#"font-family="system-ui, -apple-system, 'Segoe UI', sans-serif">"#,
            "\n<title id=\"wf-title\">{title}</title>\n<desc id=\"wf-desc\">{desc}</desc>\n"
        ),
        w = layout.width,
        h = height,
        title = escape(&title),
        desc = escape(&describe(workflow, lang, highlight, &phrases)),
    );
    svg.push_str(DEFS);
    svg.push_str(&format!(
        "<text x=\"{MARGIN:.0}\" y=\"{:.0}\" font-size=\"16\" font-weight=\"bold\" fill=\"#111827\">{}</text>\n",
        MARGIN * 0.5 + 12.0,
        escape(&title)
    ));
    for edge in layout.edges(workflow) {
        svg.push_str(&edge.to_svg());
    }
    for placed in &layout.boxes {
        svg.push_str(&state_box(
            placed,
            lang,
            highlight == Some(placed.state.name.as_str()),
        ));
    }
    for (index, line) in legend.iter().enumerate() {
        let y = layout.body_height() + index as f64 * LEGEND_LINE + 14.0;
        svg.push_str(&format!(
            "<text x=\"{MARGIN:.0}\" y=\"{y:.1}\" font-size=\"12\" fill=\"#374151\">{}</text>\n",
            escape(line)
        ));
    }
    svg.push_str("</svg>\n");
    svg
}

const DEFS: &str = concat!(
    "<defs><marker id=\"wf-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" ",
    "markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\">",
    "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#4b5563\"/></marker></defs>\n"
);

/// The few words the picture needs besides the definition's own labels.
struct Phrases {
    title: &'static str,
    version: &'static str,
    current: &'static str,
    any_open: &'static str,
}

impl Phrases {
    fn of(lang: Language) -> Phrases {
        match lang {
            Language::En => Phrases {
                title: "Workflow",
                version: "version",
                current: "Current state",
                any_open: "From any open state",
            },
            Language::Cs => Phrases {
                title: "Postup",
                version: "verze",
                current: "Aktuální stav",
                any_open: "Z kteréhokoli otevřeného stavu",
            },
            Language::Uk => Phrases {
                title: "Процес",
                version: "версія",
                current: "Поточний стан",
                any_open: "З будь-якого відкритого стану",
            },
        }
    }

    fn title(&self, workflow: &Workflow) -> String {
        format!(
            "{} {} ({} {})",
            self.title,
            workflow.key(),
            self.version,
            workflow.version()
        )
    }
}

/// A state's box and where it sits.
struct PlacedBox<'w> {
    state: &'w StateDef,
    x: f64,
    y: f64,
    width: f64,
}

impl PlacedBox<'_> {
    fn center(&self) -> (f64, f64) {
        (self.x + self.width / 2.0, self.y + BOX_HEIGHT / 2.0)
    }

    /// Where a line leaving the centre in direction (dx, dy) crosses the border.
    fn border_toward(&self, dx: f64, dy: f64) -> (f64, f64) {
        let (cx, cy) = self.center();
        let half_w = self.width / 2.0;
        let half_h = BOX_HEIGHT / 2.0;
        let scale_x = if dx.abs() > f64::EPSILON {
            half_w / dx.abs()
        } else {
            f64::INFINITY
        };
        let scale_y = if dy.abs() > f64::EPSILON {
            half_h / dy.abs()
        } else {
            f64::INFINITY
        };
        let scale = scale_x.min(scale_y);
        if scale.is_finite() {
            (cx + dx * scale, cy + dy * scale)
        } else {
            (cx, cy)
        }
    }
}

struct Layout<'w> {
    boxes: Vec<PlacedBox<'w>>,
    width: f64,
    rows: usize,
    lang: Language,
}

/// A rough width of `text` at 14px, enough to size boxes without fonts.
fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * 7.6
}

impl<'w> Layout<'w> {
    fn new(workflow: &'w Workflow, lang: Language) -> Layout<'w> {
        let box_width = workflow
            .states()
            .iter()
            .map(|state| text_width(state.label.get(lang)).max(text_width(&state.name) * 0.8))
            .fold(140.0, f64::max)
            + 28.0;
        let rows = rows_by_depth(workflow);
        let widest = rows.iter().map(Vec::len).max().unwrap_or(1).max(1) as f64;
        let width = (MARGIN * 2.0 + widest * box_width + (widest - 1.0) * GAP_X).max(360.0);
        let mut boxes = Vec::new();
        for (row, states) in rows.iter().enumerate() {
            let count = states.len() as f64;
            let row_width = count * box_width + (count - 1.0) * GAP_X;
            let start = (width - row_width) / 2.0;
            for (column, state) in states.iter().enumerate() {
                boxes.push(PlacedBox {
                    state,
                    x: start + column as f64 * (box_width + GAP_X),
                    y: MARGIN + TITLE_HEIGHT + row as f64 * (BOX_HEIGHT + GAP_Y),
                    width: box_width,
                });
            }
        }
        Layout {
            boxes,
            width,
            rows: rows.len(),
            lang,
        }
    }

    fn body_height(&self) -> f64 {
        MARGIN + TITLE_HEIGHT + self.rows as f64 * (BOX_HEIGHT + GAP_Y) - GAP_Y + MARGIN
    }

    fn placed(&self, name: &str) -> Option<&PlacedBox<'w>> {
        self.boxes.iter().find(|placed| placed.state.name == name)
    }

    /// One arrow per (from, to) of every transition not drawn as a legend line.
    fn edges(&self, workflow: &Workflow) -> Vec<Edge> {
        let mut edges: Vec<Edge> = Vec::new();
        for transition in workflow.transitions().iter().filter(|t| !t.from_any_open) {
            for from in &transition.from {
                let (Some(source), Some(target)) = (self.placed(from), self.placed(&transition.to))
                else {
                    continue;
                };
                let parallel = edges
                    .iter()
                    .filter(|edge| edge.joins(from, &transition.to))
                    .count();
                edges.push(Edge::new(source, target, transition, self.lang, parallel));
            }
        }
        place_labels(&mut edges, &self.boxes);
        edges
    }
}

/// States grouped by distance from the initial state, each row in discovery
/// order. Distances ignore "from any open state" transitions, which would
/// otherwise pull e.g. `cancelled` up next to the first state; states only
/// those transitions reach go to the bottom row.
fn rows_by_depth(workflow: &Workflow) -> Vec<Vec<&StateDef>> {
    let depths = state_depths(workflow, |transition| !transition.from_any_open);
    let bottom = depths.iter().map(|(_, depth)| *depth).max().unwrap_or(0);
    let mut rows: Vec<Vec<&StateDef>> = vec![Vec::new(); bottom + 1];
    for state in workflow.states() {
        let depth = depths
            .iter()
            .find(|(name, _)| *name == state.name)
            .map_or(bottom, |(_, depth)| *depth);
        rows[depth].push(state);
    }
    let order = |state: &&StateDef| {
        depths
            .iter()
            .position(|(name, _)| *name == state.name)
            .unwrap_or(usize::MAX)
    };
    for row in &mut rows {
        row.sort_by_key(order);
    }
    rows
}

/// An axis-aligned rectangle, to keep edge labels off boxes and each other.
#[derive(Clone, Copy)]
struct Rect {
    left: f64,
    top: f64,
    right: f64,
    bottom: f64,
}

impl Rect {
    fn around(center: (f64, f64), width: f64, height: f64) -> Rect {
        Rect {
            left: center.0 - width / 2.0,
            top: center.1 - height / 2.0,
            right: center.0 + width / 2.0,
            bottom: center.1 + height / 2.0,
        }
    }

    fn overlaps(&self, other: &Rect) -> bool {
        self.left < other.right
            && other.left < self.right
            && self.top < other.bottom
            && other.top < self.bottom
    }
}

/// Where along an edge to try its label, best first.
const LABEL_POSITIONS: [f64; 7] = [0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78];
const LABEL_HEIGHT: f64 = 15.0;

fn label_width(label: &str) -> f64 {
    label.chars().count() as f64 * 6.2 + 8.0
}

/// Moves each label along its edge to the first spot that covers no box and
/// no label placed before it (edges are handled in definition order, so the
/// result is deterministic); if none is free, the middle is used.
fn place_labels(edges: &mut [Edge], boxes: &[PlacedBox<'_>]) {
    let mut taken: Vec<Rect> = boxes
        .iter()
        .map(|placed| Rect::around(placed.center(), placed.width, BOX_HEIGHT))
        .collect();
    for edge in edges {
        let width = label_width(&edge.label);
        let free = LABEL_POSITIONS
            .iter()
            .map(|t| edge.point_at(*t))
            .find(|point| {
                let rect = Rect::around(*point, width, LABEL_HEIGHT);
                !taken.iter().any(|other| rect.overlaps(other))
            });
        edge.label_at = free.unwrap_or_else(|| edge.point_at(0.5));
        taken.push(Rect::around(edge.label_at, width, LABEL_HEIGHT));
    }
}

/// An arrow for one transition between two boxes, bent when it is not a
/// plain step down to the next row so that opposite arrows do not overlap.
struct Edge {
    from: String,
    to: String,
    curve: Curve,
    label: String,
    label_at: (f64, f64),
}

/// A quadratic Bézier from `start` to `end`; self-loops use the same form
/// with the control point pulled out to the right of the box.
struct Curve {
    start: (f64, f64),
    control: (f64, f64),
    end: (f64, f64),
}

impl Curve {
    fn between(source: &PlacedBox<'_>, target: &PlacedBox<'_>, parallel: usize) -> Curve {
        let (sx, sy) = source.center();
        let (tx, ty) = target.center();
        let one_row_down = ty > sy && ty - sy <= BOX_HEIGHT + GAP_Y + 1.0;
        let rows_spanned = ((ty - sy).abs() / (BOX_HEIGHT + GAP_Y)).round();
        let bend = if one_row_down && parallel == 0 {
            0.0
        } else {
            40.0 + 28.0 * parallel as f64 + 60.0 * (rows_spanned - 1.0).max(0.0)
        };
        let (dx, dy) = (tx - sx, ty - sy);
        let length = (dx * dx + dy * dy).sqrt().max(1.0);
        let control = (
            (sx + tx) / 2.0 - dy / length * bend,
            (sy + ty) / 2.0 + dx / length * bend,
        );
        Curve {
            start: source.border_toward(control.0 - sx, control.1 - sy),
            control,
            end: target.border_toward(control.0 - tx, control.1 - ty),
        }
    }

    fn self_loop(placed: &PlacedBox<'_>) -> Curve {
        let right = placed.x + placed.width;
        Curve {
            start: (right, placed.y + 14.0),
            control: (right + 70.0, placed.y + BOX_HEIGHT / 2.0),
            end: (right, placed.y + BOX_HEIGHT - 14.0),
        }
    }

    fn point_at(&self, t: f64) -> (f64, f64) {
        let (a, b, c) = ((1.0 - t) * (1.0 - t), 2.0 * t * (1.0 - t), t * t);
        (
            a * self.start.0 + b * self.control.0 + c * self.end.0,
            a * self.start.1 + b * self.control.1 + c * self.end.1,
        )
    }

    fn path(&self) -> String {
        format!(
            "M{:.1},{:.1} Q{:.1},{:.1} {:.1},{:.1}",
            self.start.0, self.start.1, self.control.0, self.control.1, self.end.0, self.end.1
        )
    }
}

impl Edge {
    fn new(
        source: &PlacedBox<'_>,
        target: &PlacedBox<'_>,
        transition: &TransitionDef,
        lang: Language,
        parallel: usize,
    ) -> Edge {
        let curve = if source.state.name == target.state.name {
            Curve::self_loop(source)
        } else {
            Curve::between(source, target, parallel)
        };
        Edge {
            from: source.state.name.clone(),
            to: target.state.name.clone(),
            label_at: curve.point_at(0.5),
            curve,
            label: transition.label.get(lang).to_owned(),
        }
    }

    fn joins(&self, a: &str, b: &str) -> bool {
        (self.from == a && self.to == b) || (self.from == b && self.to == a)
    }

    fn point_at(&self, t: f64) -> (f64, f64) {
        self.curve.point_at(t)
    }

    fn to_svg(&self) -> String {
        format!(
            concat!(
                "<path d=\"{}\" fill=\"none\" stroke=\"#4b5563\" stroke-width=\"1.5\" marker-end=\"url(#wf-arrow)\"/>\n",
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#1f2937\" ",
                "stroke=\"#ffffff\" stroke-width=\"4\" paint-order=\"stroke\">{}</text>\n"
            ),
            self.curve.path(),
            self.label_at.0,
            self.label_at.1 + 4.0,
            escape(&self.label)
        )
    }
}

fn state_box(placed: &PlacedBox<'_>, lang: Language, highlighted: bool) -> String {
    let state = placed.state;
    let (fill, stroke, stroke_width, dash) = match (highlighted, state.kind) {
        (true, _) => ("#1d4ed8", "#1e3a8a", 3.0, ""),
        (false, StateKind::Open) => ("#f8fafc", "#475569", 1.5, ""),
        (false, StateKind::Waiting) => ("#fffbeb", "#b45309", 1.5, " stroke-dasharray=\"6 4\""),
        (false, StateKind::Terminal) => ("#e5e7eb", "#111827", 3.0, ""),
    };
    let (text_fill, weight) = if highlighted {
        ("#ffffff", "bold")
    } else {
        ("#111827", "normal")
    };
    let (cx, cy) = placed.center();
    let mut svg = format!(
        "<g class=\"state state-{}{}\">\n",
        state.kind.code(),
        if highlighted { " current" } else { "" }
    );
    svg.push_str(&format!(
        "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{BOX_HEIGHT:.1}\" rx=\"10\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{stroke_width:.1}\"{dash}/>\n",
        placed.x, placed.y, placed.width
    ));
    if state.kind == StateKind::Terminal {
        svg.push_str(&format!(
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"7\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"1\"/>\n",
            placed.x + 4.0,
            placed.y + 4.0,
            placed.width - 8.0,
            BOX_HEIGHT - 8.0
        ));
    }
    svg.push_str(&format!(
        "<text x=\"{cx:.1}\" y=\"{:.1}\" font-size=\"14\" font-weight=\"{weight}\" text-anchor=\"middle\" fill=\"{text_fill}\">{}</text>\n",
        cy - 2.0,
        escape(state.label.get(lang))
    ));
    svg.push_str(&format!(
        "<text x=\"{cx:.1}\" y=\"{:.1}\" font-size=\"10\" font-family=\"ui-monospace, monospace\" text-anchor=\"middle\" fill=\"{text_fill}\">{}</text>\n</g>\n",
        cy + 14.0,
        escape(&state.name)
    ));
    svg
}

/// "From any open state: Cancel request → Cancelled", one per such transition.
fn any_open_lines(workflow: &Workflow, lang: Language, phrases: &Phrases) -> Vec<String> {
    workflow
        .transitions()
        .iter()
        .filter(|transition| transition.from_any_open)
        .map(|transition| {
            format!(
                "{}: {} → {}",
                phrases.any_open,
                transition.label.get(lang),
                state_label(workflow, &transition.to, lang)
            )
        })
        .collect()
}

fn state_label<'w>(workflow: &'w Workflow, name: &'w str, lang: Language) -> &'w str {
    workflow
        .state(name)
        .map_or(name, |state| state.label.get(lang))
}

/// A plain-text account of the picture for screen readers.
fn describe(
    workflow: &Workflow,
    lang: Language,
    highlight: Option<&str>,
    phrases: &Phrases,
) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(current) = highlight.filter(|name| workflow.state(name).is_some()) {
        parts.push(format!(
            "{}: {}",
            phrases.current,
            state_label(workflow, current, lang)
        ));
    }
    for transition in workflow.transitions() {
        let from = if transition.from_any_open {
            phrases.any_open.to_owned()
        } else {
            let names: Vec<&str> = transition
                .from
                .iter()
                .map(|from| state_label(workflow, from, lang))
                .collect();
            names.join(", ")
        };
        parts.push(format!(
            "{} → {}: {}",
            from,
            state_label(workflow, &transition.to, lang),
            transition.label.get(lang)
        ));
    }
    parts.join("; ")
}

/// Escapes text for use in XML content and attribute values.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            other => escaped.push(other),
        }
    }
    escaped
}

#[cfg(test)]
mod tests;
