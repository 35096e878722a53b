//! The agenda: every item of the plan in the order a chair steps through it. Pure: the
//! app keeps which of these is selected; what they are belongs to the plan.

use super::{Action, Plan};

/// An item of the plan, by position (indices stay valid while the plan's shape is fixed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Node {
    /// An item of the top tier, in plans with three levels above the rated item.
    Group(usize),
    Priority(usize),
    Objective(usize, usize),
    Action(usize, usize, usize),
    /// One success measure of an action that has several.
    Measure(usize, usize, usize, usize),
}

impl Node {
    /// The priority the item is in; for a group, its first priority.
    pub fn priority(self, plan: &Plan) -> usize {
        match self {
            Node::Group(g) => plan.group_range(g).start,
            Node::Priority(p)
            | Node::Objective(p, _)
            | Node::Action(p, _, _)
            | Node::Measure(p, _, _, _) => p,
        }
    }

    /// The parent in the outline.
    pub fn parent(self, plan: &Plan) -> Option<Node> {
        match self {
            Node::Group(_) => None,
            Node::Priority(p) => plan.group_of(p).map(Node::Group),
            Node::Objective(p, _) => Some(Node::Priority(p)),
            Node::Action(p, o, _) => Some(Node::Objective(p, o)),
            Node::Measure(p, o, a, _) => Some(Node::Action(p, o, a)),
        }
    }

    /// The node the outline shows for this one (a measure shows as its action).
    pub fn outline_node(self) -> Node {
        match self {
            Node::Measure(p, o, a, _) => Node::Action(p, o, a),
            other => other,
        }
    }

    /// Depth in a plan with groups; one less everywhere in a plan without.
    pub fn depth(self) -> usize {
        match self {
            Node::Group(_) => 0,
            Node::Priority(_) => 1,
            Node::Objective(..) => 2,
            Node::Action(..) => 3,
            Node::Measure(..) => 4,
        }
    }

    /// How far the outline indents the item: its depth below the plan's top tier.
    pub fn indent(self, plan: &Plan) -> usize {
        self.depth() - usize::from(plan.groups.is_empty())
    }

    /// The plan's id for the item ("3.2.4"), with "#2" for the second measure.
    pub fn id(self, plan: &Plan) -> String {
        match self {
            Node::Group(g) => plan.groups[g].id.clone(),
            Node::Priority(p) => plan.priorities[p].id.clone(),
            Node::Objective(p, o) => plan.priorities[p].objectives[o].id.clone(),
            Node::Action(p, o, a) => plan.priorities[p].objectives[o].actions[a].id.clone(),
            Node::Measure(p, o, a, m) => {
                format!(
                    "{}#{}",
                    plan.priorities[p].objectives[o].actions[a].id,
                    m + 1
                )
            }
        }
    }
}

/// Where `node` sits among its kind, locally and in the plan's own words: "Action 6 of 27
/// in Priority 4", "Aim 2 of 3 in Priority 1", "Priority 2 of 6". Counts only the item's
/// priority, so it costs what that priority holds, not the plan.
pub fn local_position(plan: &Plan, node: Node) -> String {
    let names = &plan.names;
    let pr = |p: usize| format!("{} {}", names.priority, plan.priorities[p].id);
    match node.outline_node() {
        Node::Group(g) => format!("{} {} of {}", names.group(), g + 1, plan.groups.len()),
        Node::Priority(p) => match plan.group_of(p) {
            Some(g) => {
                let range = plan.group_range(g);
                format!(
                    "{} {} of {} in {} {}",
                    names.priority,
                    p - range.start + 1,
                    range.len(),
                    names.group(),
                    plan.groups[g].id
                )
            }
            None => format!("{} {} of {}", names.priority, p + 1, plan.priorities.len()),
        },
        Node::Objective(p, o) => format!(
            "{} {} of {} in {}",
            names.objective,
            o + 1,
            plan.priorities[p].objectives.len(),
            pr(p)
        ),
        Node::Action(p, o, a) | Node::Measure(p, o, a, _) => {
            let objectives = &plan.priorities[p].objectives;
            let before: usize = objectives[..o].iter().map(|ob| ob.actions.len()).sum();
            let total: usize = objectives.iter().map(|ob| ob.actions.len()).sum();
            let action = format!(
                "{} {} of {total} in {}",
                names.action,
                before + a + 1,
                pr(p)
            );
            match node {
                Node::Measure(.., m) => format!(
                    "{action}, measure {} of {}",
                    m + 1,
                    objectives[o].actions[a].measures.len()
                ),
                _ => action,
            }
        }
    }
}

/// Where several rows of an objective share one action (a merged cell in the source, so
/// the same title), the index of the first of them, for each row after it; `None` for a
/// row that starts an action.
pub fn continues(actions: &[Action], a: usize) -> Option<usize> {
    let title = &actions.get(a)?.title;
    let first = actions[..a]
        .iter()
        .rposition(|x| x.title != *title)
        .map_or(0, |i| i + 1);
    (first < a).then_some(first)
}

/// The label of a further row of an action that has no success measure of its own.
pub const SAME_ACTION: &str = "↳ (same action)";

/// The label of an action in lists and papers: its title, or, where several rows share one
/// action (a merged cell in the source), an arrow and its success measure for the rows
/// after the first.
pub fn action_label(plan: &Plan, node: Node) -> String {
    let (p, o, a) = match node {
        Node::Action(p, o, a) | Node::Measure(p, o, a, _) => (p, o, a),
        _ => return String::new(),
    };
    let actions = &plan.priorities[p].objectives[o].actions;
    let ac = &actions[a];
    match (continues(actions, a).is_some(), ac.measures.first()) {
        (true, Some(m)) => format!("↳ {m}"),
        (true, None) => SAME_ACTION.to_string(),
        _ => ac.title.clone(),
    }
}

/// Every item in agenda order: group (in plans that have them), priority, its objectives, their actions, and the success
/// measures of actions that have more than one.
pub fn build(plan: &Plan) -> Vec<Node> {
    let mut out = Vec::new();
    // Where each group starts: a group comes before its first priority.
    let mut starts = plan
        .groups
        .iter()
        .scan(0, |next, g| {
            let start = *next;
            *next += g.priorities.len();
            Some(start)
        })
        .enumerate()
        .peekable();
    for (pi, p) in plan.priorities.iter().enumerate() {
        while let Some((g, _)) = starts.next_if(|&(_, start)| start <= pi) {
            out.push(Node::Group(g));
        }
        out.push(Node::Priority(pi));
        for (oi, o) in p.objectives.iter().enumerate() {
            out.push(Node::Objective(pi, oi));
            for (ai, a) in o.actions.iter().enumerate() {
                out.push(Node::Action(pi, oi, ai));
                if a.measures.len() > 1 {
                    out.extend((0..a.measures.len()).map(|mi| Node::Measure(pi, oi, ai, mi)));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action(id: &str, title: &str, measure: Option<&str>) -> Action {
        Action {
            id: id.into(),
            title: title.into(),
            measures: measure.map(String::from).into_iter().collect(),
            lead: None,
            officer: None,
            due: None,
            baseline: None,
            ambition: None,
            milestones: Vec::new(),
            ratings: Default::default(),
            progress: None,
            source_note: None,
        }
    }

    #[test]
    fn further_rows_of_an_action_continue_its_first() {
        let rows = [
            action("1", "Engage partners", Some("a")),
            action("2", "Engage partners", Some("b")),
            action("3", "Engage partners", None),
            action("4", "Something else", None),
            action("5", "Engage partners", None),
        ];
        let got: Vec<Option<usize>> = (0..rows.len()).map(|a| continues(&rows, a)).collect();
        assert_eq!(got, [None, Some(0), Some(0), None, None]);
        assert_eq!(continues(&rows, 9), None);
    }
}
