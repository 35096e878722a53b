//! What a plan calls its levels ("Priority / Objective / Action" by default; the CYPP calls
//! them "Priority / Aim / Objective", its annual report "Strategic aim / Objective / Action").

use serde::{Deserialize, Serialize};

use super::{Node, Plan};

/// The words a plan uses for its three levels: the two above the rated item, and the
/// rated item itself. Every place the app or a report names a level asks here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelNames {
    /// The tier above the priorities, in plans that have one ("Priority" over "Aim").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The top level ("Priority", "Strategic aim").
    #[serde(default = "default_priority")]
    pub priority: String,
    /// The middle level ("Objective", "Aim").
    #[serde(default = "default_objective")]
    pub objective: String,
    /// The rated item ("Action", "Objective").
    #[serde(default = "default_action")]
    pub action: String,
}

fn default_priority() -> String {
    "Priority".into()
}
fn default_objective() -> String {
    "Objective".into()
}
fn default_action() -> String {
    "Action".into()
}

impl Default for LevelNames {
    fn default() -> Self {
        LevelNames {
            group: None,
            priority: default_priority(),
            objective: default_objective(),
            action: default_action(),
        }
    }
}

impl LevelNames {
    pub fn is_default(&self) -> bool {
        *self == LevelNames::default()
    }

    /// The word for the top tier of a plan with groups ("Theme" unless the plan says).
    pub fn group(&self) -> &str {
        self.group.as_deref().unwrap_or("Theme")
    }

    /// The word for the level of `node` ("Aim"); a measure is always a "Success measure".
    pub fn of(&self, node: Node) -> &str {
        match node {
            Node::Group(_) => self.group(),
            Node::Priority(_) => &self.priority,
            Node::Objective(..) => &self.objective,
            Node::Action(..) => &self.action,
            Node::Measure(..) => "Success measure",
        }
    }

    /// The plural, for counts ("3 aims"): English's regular plural of the last word.
    pub fn plural(word: &str) -> String {
        let lower = word.to_lowercase();
        if lower.ends_with('s') || lower.ends_with('x') || lower.ends_with("ch") {
            format!("{lower}es")
        } else if lower.ends_with('y') && !lower.ends_with("ey") && !lower.ends_with("ay") {
            format!("{}ies", &lower[..lower.len() - 1])
        } else {
            format!("{lower}s")
        }
    }

    /// `text` (the app's own words, written for the default levels) in the plan's words: each
    /// whole word "priority", "objective", "action" (and their plurals) becomes the plan's name
    /// for that level, in one pass, so "Jump to the next priority" reads "Jump to the next
    /// strategic aim" and a renamed level is never renamed twice.
    pub fn reword(&self, text: &str) -> String {
        if self.is_default() {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        let mut word = String::new();
        let flush = |word: &mut String, out: &mut String| {
            let lower = word.to_lowercase();
            let (name, plural) = match lower.as_str() {
                "priority" => (&self.priority, false),
                "priorities" => (&self.priority, true),
                "objective" => (&self.objective, false),
                "objectives" => (&self.objective, true),
                "action" => (&self.action, false),
                "actions" => (&self.action, true),
                _ => {
                    out.push_str(word);
                    word.clear();
                    return;
                }
            };
            let new = if plural {
                Self::plural(name)
            } else {
                name.to_lowercase()
            };
            if word.starts_with(char::is_uppercase) {
                out.push_str(&capitalised(&new));
            } else {
                out.push_str(&new);
            }
            word.clear();
        };
        for c in text.chars() {
            if c.is_alphabetic() {
                word.push(c);
            } else {
                flush(&mut word, &mut out);
                out.push(c);
            }
        }
        flush(&mut word, &mut out);
        out
    }

    /// "1 aim", "3 aims".
    pub fn count(word: &str, n: usize) -> String {
        if n == 1 {
            format!("1 {}", word.to_lowercase())
        } else {
            format!("{n} {}", Self::plural(word))
        }
    }
}

/// A short label for an item of the top two tiers, its level's initial before its id
/// ("P1", "A1.2"), as the outline and presentation show them; other items, their id.
pub fn tag(plan: &Plan, node: Node) -> String {
    let initial = |word: &str| word.chars().next().unwrap_or(' ');
    match node.get(plan) {
        Some(super::Item::Group(g)) => format!("{}{}", initial(plan.names.group()), g.id),
        Some(super::Item::Priority(p)) => format!("{}{}", initial(&plan.names.priority), p.id),
        _ => node.id(plan),
    }
}

/// `word` with its first letter upper case ("aims" -> "Aims", "ämnen" -> "Ämnen"): a
/// level's name comes from the file, so its first letter may be any character.
/// "a" or "an" before a word ("an action", "a strategic aim", "an agreed action").
pub fn article(word: &str) -> &'static str {
    match word.chars().next().map(|c| c.to_ascii_lowercase()) {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}

pub fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The plan's shape in its own words: "4 priorities, 12 aims, 41 objectives".
pub fn shape(plan: &Plan) -> String {
    let n = &plan.names;
    let groups = if plan.groups.is_empty() {
        String::new()
    } else {
        format!("{}, ", LevelNames::count(n.group(), plan.groups.len()))
    };
    format!(
        "{groups}{}, {}, {}",
        LevelNames::count(&n.priority, plan.priorities.len()),
        LevelNames::count(&n.objective, plan.objective_count()),
        LevelNames::count(&n.action, plan.actions().count())
    )
}

/// For a plan with no rated items, the one sentence the commands say about it: "nothing to
/// rate: the plan has no actions; its 10 narrative sections are words only". `None` for a
/// plan with something to rate.
pub fn nothing_to_rate(plan: &Plan) -> Option<String> {
    let short = nothing_to_rate_short(plan)?;
    Some(match plan.narrative.len() {
        0 => short,
        1 => format!("{short}; its one narrative section is words only"),
        k => format!("{short}; its {k} narrative sections are words only"),
    })
}

/// The first part of it, for narrow places: "nothing to rate: the plan has no actions".
pub fn nothing_to_rate_short(plan: &Plan) -> Option<String> {
    plan.actions().next().is_none().then(|| {
        format!(
            "nothing to rate: the plan has no {}",
            LevelNames::plural(&plan.names.action)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_names_are_the_development_plan_words() {
        let n = LevelNames::default();
        assert_eq!(n.of(Node::Priority(0)), "Priority");
        assert_eq!(n.of(Node::Objective(0, 0)), "Objective");
        assert_eq!(n.of(Node::Action(0, 0, 0)), "Action");
        assert!(n.is_default());
    }

    #[test]
    fn a_plan_names_its_own_levels_and_missing_ones_default() {
        let n: LevelNames = ron::from_str(r#"(priority: "Strategic aim")"#).unwrap();
        assert_eq!(n.of(Node::Priority(1)), "Strategic aim");
        assert_eq!(n.of(Node::Objective(0, 0)), "Objective");
        assert!(!n.is_default());
    }

    #[test]
    fn reword_puts_the_app_words_in_the_plan_words_once() {
        let cypp = LevelNames {
            group: None,
            priority: "Priority".into(),
            objective: "Aim".into(),
            action: "Objective".into(),
        };
        assert_eq!(
            cypp.reword("Go to a priority \"4\", an objective or action \"3.2.4\""),
            "Go to a priority \"4\", an aim or objective \"3.2.4\""
        );
        let report = LevelNames {
            group: None,
            priority: "Strategic aim".into(),
            objective: "Objective".into(),
            action: "Action".into(),
        };
        assert_eq!(
            report.reword("Jump to the next priority; Priorities and actions"),
            "Jump to the next strategic aim; Strategic aims and actions"
        );
        assert_eq!(
            LevelNames::default().reword("next priority"),
            "next priority"
        );
        assert_eq!(
            report.reword("prioritys actionable"),
            "prioritys actionable"
        );
    }

    #[test]
    fn capitalising_a_name_that_starts_with_any_letter() {
        assert_eq!(capitalised("aims"), "Aims");
        assert_eq!(capitalised("ämnen"), "Ämnen");
        assert_eq!(capitalised("éjes"), "Éjes");
        assert_eq!(capitalised(""), "");
        let n = LevelNames {
            group: None,
            priority: "Ämne".into(),
            objective: "Mål".into(),
            action: "Åtgärd".into(),
        };
        assert_eq!(n.reword("Priorities and actions"), "Ämnes and åtgärds");
    }

    #[test]
    fn plurals_and_counts() {
        assert_eq!(LevelNames::count("Aim", 3), "3 aims");
        assert_eq!(LevelNames::count("Priority", 4), "4 priorities");
        assert_eq!(LevelNames::count("Strategic aim", 1), "1 strategic aim");
        assert_eq!(LevelNames::count("Objective", 0), "0 objectives");
    }
}
