//! What a plan calls its levels ("Priority / Objective / Action" by default; the CYPP calls
//! them "Priority / Aim / Objective", its annual report "Strategic aim / Objective / Action").

use serde::{Deserialize, Serialize};

use super::{Node, Plan};

/// The words a plan uses for its three levels: the two above the rated item, and the
/// rated item itself. Every place the app or a report names a level asks here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelNames {
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

    /// The word for the level of `node` ("Aim"); a measure is always a "Success measure".
    pub fn of(&self, node: Node) -> &str {
        match node {
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

    /// "1 aim", "3 aims".
    pub fn count(word: &str, n: usize) -> String {
        if n == 1 {
            format!("1 {}", word.to_lowercase())
        } else {
            format!("{n} {}", Self::plural(word))
        }
    }
}

/// The plan's shape in its own words: "4 priorities, 12 aims, 41 objectives".
pub fn shape(plan: &Plan) -> String {
    let n = &plan.names;
    format!(
        "{}, {}, {}",
        LevelNames::count(&n.priority, plan.priorities.len()),
        LevelNames::count(&n.objective, plan.objective_count()),
        LevelNames::count(&n.action, plan.actions().count())
    )
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
    fn plurals_and_counts() {
        assert_eq!(LevelNames::count("Aim", 3), "3 aims");
        assert_eq!(LevelNames::count("Priority", 4), "4 priorities");
        assert_eq!(LevelNames::count("Strategic aim", 1), "1 strategic aim");
        assert_eq!(LevelNames::count("Objective", 0), "0 objectives");
    }
}
