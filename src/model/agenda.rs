//! The agenda: every item of the plan in the order a chair steps through it. Pure: the
//! app keeps which of these is selected; what they are belongs to the plan.

use super::{Action, Group, Objective, Plan, Priority};

/// What a node stands for in the plan. Reached only through [`Node::get`], which checks
/// the node against the plan as it is now: a node kept across a reload that took its item
/// away finds nothing, never another item or a panic.
#[derive(Debug, Clone, Copy)]
pub enum Item<'a> {
    Group(&'a Group),
    Priority(&'a Priority),
    Objective(&'a Objective),
    Action(&'a Action),
    /// An action's success measure: the action and the measure's text.
    Measure(&'a Action, &'a str),
}

impl<'a> Item<'a> {
    /// The item's id in the plan ("3.2.4"; a measure has its action's).
    pub fn id(self) -> &'a str {
        match self {
            Item::Group(g) => &g.id,
            Item::Priority(p) => &p.id,
            Item::Objective(o) => &o.id,
            Item::Action(a) | Item::Measure(a, _) => &a.id,
        }
    }

    /// The item's title (a measure has its action's).
    pub fn title(self) -> &'a str {
        match self {
            Item::Group(g) => &g.title,
            Item::Priority(p) => &p.title,
            Item::Objective(o) => &o.title,
            Item::Action(a) | Item::Measure(a, _) => &a.title,
        }
    }

    /// The rated item, for an action or one of its measures.
    pub fn action(self) -> Option<&'a Action> {
        match self {
            Item::Action(a) | Item::Measure(a, _) => Some(a),
            _ => None,
        }
    }
}

impl Plan {
    /// The priority at position `p`, if there is one.
    pub fn priority_at(&self, p: usize) -> Option<&Priority> {
        self.priorities.get(p).map(|p| &**p)
    }

    /// The objective at `(p, o)`, if there is one.
    pub fn objective_at(&self, p: usize, o: usize) -> Option<&Objective> {
        self.priority_at(p)?.objectives.get(o)
    }

    /// The priorities of group `g` (none for a group the plan does not have).
    pub fn group_priorities(&self, g: usize) -> &[std::sync::Arc<Priority>] {
        self.priorities.get(self.group_range(g)).unwrap_or(&[])
    }

    /// The action at `(p, o, a)`, if there is one.
    pub fn action_in(&self, p: usize, o: usize, a: usize) -> Option<&Action> {
        self.objective_at(p, o)?.actions.get(a)
    }
}

/// An item of the plan, by position. Positions are only valid for the plan they were made
/// from: reach the item through [`Node::get`], which checks.
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
    /// The item this node stands for in `plan`, if the plan still has it.
    pub fn get(self, plan: &Plan) -> Option<Item<'_>> {
        Some(match self {
            Node::Group(g) => Item::Group(plan.groups.get(g)?),
            Node::Priority(p) => Item::Priority(plan.priority_at(p)?),
            Node::Objective(p, o) => Item::Objective(plan.objective_at(p, o)?),
            Node::Action(p, o, a) => Item::Action(plan.action_in(p, o, a)?),
            Node::Measure(p, o, a, m) => {
                let action = plan.action_in(p, o, a)?;
                Item::Measure(action, action.measures.get(m)?)
            }
        })
    }

    /// The rated item under this node (an action, or the action of a measure).
    pub fn action(self, plan: &Plan) -> Option<&Action> {
        self.get(plan)?.action()
    }

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

    /// The plan's id for the item ("3.2.4"), with "#2" for the second measure; empty for a
    /// node the plan no longer has.
    pub fn id(self, plan: &Plan) -> String {
        match (self, self.get(plan)) {
            (Node::Measure(.., m), Some(item)) => format!("{}#{}", item.id(), m + 1),
            (_, Some(item)) => item.id().to_string(),
            (_, None) => String::new(),
        }
    }
}

/// One step of the path down to an item: its level's word in the plan, its id, its title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step<'a> {
    pub level: &'a str,
    pub id: &'a str,
    pub title: &'a str,
}

/// The path from the plan's top tier down to `node`, in the plan's own words: its group
/// (in plans that have them), priority, objective and action (a measure's path is its
/// action's). Empty for a node the plan no longer has.
pub fn path(plan: &Plan, node: Node) -> Vec<Step<'_>> {
    let mut chain = vec![node.outline_node()];
    while let Some(p) = chain.last().and_then(|n| n.parent(plan)) {
        chain.push(p);
    }
    chain
        .into_iter()
        .rev()
        .map_while(|n| {
            let item = n.get(plan)?;
            Some(Step {
                level: plan.names.of(n),
                id: item.id(),
                title: item.title(),
            })
        })
        .collect()
}

/// Where an item is, each level named as the plan names it: "Priority 1 › Aim 1.1 ›
/// Objective 1.1.2", and "› measure 2" on a measure.
pub fn breadcrumb(plan: &Plan, node: Node) -> String {
    crumb(plan, node, usize::MAX)
}

/// The same, shorter, for narrow screens: the tiers down to the priority named, the rest by
/// id ("Priority 1 › 1.1 › 1.1.2").
pub fn short_breadcrumb(plan: &Plan, node: Node) -> String {
    crumb(plan, node, 1 + usize::from(!plan.groups.is_empty()))
}

/// The path as text, the first `named` steps with their level's word.
fn crumb(plan: &Plan, node: Node, named: usize) -> String {
    let mut parts: Vec<String> = path(plan, node)
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if i < named {
                format!("{} {}", s.level, s.id)
            } else {
                s.id.to_string()
            }
        })
        .collect();
    if let Node::Measure(.., m) = node
        && !parts.is_empty()
    {
        parts.push(format!("measure {}", m + 1));
    }
    parts.join(" › ")
}

/// Where `node` sits among its kind, locally and in the plan's own words: "Action 6 of 27
/// in Priority 4", "Aim 2 of 3 in Priority 1", "Priority 2 of 6". Counts only the item's
/// priority, so it costs what that priority holds, not the plan.
pub fn local_position(plan: &Plan, node: Node) -> String {
    let names = &plan.names;
    let pr = |p: usize| {
        let id = plan.priority_at(p).map_or("", |pr| pr.id.as_str());
        format!("{} {id}", names.priority)
    };
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
                    plan.groups.get(g).map_or("", |g| g.id.as_str())
                )
            }
            None => format!("{} {} of {}", names.priority, p + 1, plan.priorities.len()),
        },
        Node::Objective(p, o) => format!(
            "{} {} of {} in {}",
            names.objective,
            o + 1,
            plan.priority_at(p).map_or(0, |pr| pr.objectives.len()),
            pr(p)
        ),
        Node::Action(p, o, a) | Node::Measure(p, o, a, _) => {
            let objectives = plan
                .priority_at(p)
                .map_or(&[][..], |pr| pr.objectives.as_slice());
            let before: usize = objectives.iter().take(o).map(|ob| ob.actions.len()).sum();
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
                    plan.action_in(p, o, a).map_or(0, |ac| ac.measures.len())
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
    let first = actions
        .get(..a)?
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
    let Some(actions) = plan.objective_at(p, o).map(|ob| ob.actions.as_slice()) else {
        return String::new();
    };
    let Some(ac) = actions.get(a) else {
        return String::new();
    };
    match (continues(actions, a).is_some(), ac.measures.first()) {
        (true, Some(m)) => format!("↳ {m}"),
        (true, None) => SAME_ACTION.to_string(),
        _ => ac.title.clone(),
    }
}

/// The rows an action's measures take below it: one each where it has several, none for
/// one (shown with the action).
fn measure_nodes(a: &Action) -> usize {
    if a.measures.len() > 1 {
        a.measures.len()
    } else {
        0
    }
}

/// Every item in agenda order: group (in plans that have them), priority, its objectives, their actions, and the success
/// measures of actions that have more than one.
pub fn build(plan: &Plan) -> Vec<Node> {
    // Counted first, so the list is made at its size: grown by doubling, a 100,000-action
    // agenda held room for 230,000 nodes it did not have (9 MB).
    let len = plan.groups.len()
        + plan
            .priorities
            .iter()
            .map(|p| {
                let actions = p.objectives.iter().flat_map(|o| &o.actions);
                1 + p.objectives.len() + actions.map(|a| 1 + measure_nodes(a)).sum::<usize>()
            })
            .sum::<usize>();
    let mut out = Vec::with_capacity(len);
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
                out.extend((0..measure_nodes(a)).map(|mi| Node::Measure(pi, oi, ai, mi)));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_agenda_is_made_at_its_size() {
        for b in crate::store::bundled::PLANS {
            let nodes = build(&b.plan().unwrap());
            assert_eq!(nodes.capacity(), nodes.len(), "{}", b.name);
        }
    }

    #[test]
    fn a_node_the_plan_no_longer_has_finds_nothing() {
        let mut plan = crate::store::bundled().unwrap();
        let nodes = build(&plan);
        let last = *nodes.last().unwrap();
        assert!(last.get(&plan).is_some());
        plan.priorities.truncate(1);
        assert!(last.get(&plan).is_none(), "gone with its priority");
        assert_eq!(last.id(&plan), "");
        assert!(last.action(&plan).is_none());
        assert!(Node::Group(3).get(&plan).is_none());
        assert!(plan.group_priorities(7).is_empty());
        assert_eq!(
            Node::Action(0, 0, 0).get(&plan).map(|i| i.id().to_string()),
            Some("1.1.1".to_string())
        );
        plan.priorities.clear();
        assert_eq!(
            local_position(&plan, Node::Action(0, 0, 0)),
            "Action 1 of 0 in Priority "
        );
    }

    #[test]
    fn a_breadcrumb_names_each_level_as_the_plan_does() {
        let cypp = crate::store::bundled::find("cypp-2013-16")
            .unwrap()
            .plan()
            .unwrap();
        let node = Node::Action(0, 0, 1);
        assert_eq!(
            breadcrumb(&cypp, node),
            "Priority 1 › Aim 1.1 › Objective 1.1.2"
        );
        assert_eq!(short_breadcrumb(&cypp, node), "Priority 1 › 1.1 › 1.1.2");
        let steps = path(&cypp, node);
        assert_eq!(steps.len(), 3);
        assert_eq!((steps[1].level, steps[1].id), ("Aim", "1.1"));
        assert!(
            steps[1]
                .title
                .starts_with("Raise attainment at the end of all Key Stages")
        );
        assert_eq!(breadcrumb(&cypp, Node::Priority(3)), "Priority 4");

        let dev = crate::store::bundled().unwrap();
        let measure = build(&dev)
            .into_iter()
            .find(|n| matches!(n, Node::Measure(..)) && n.id(&dev) == "8.1.4#2")
            .unwrap();
        assert_eq!(
            breadcrumb(&dev, measure),
            "Priority 8 › Objective 8.1 › Action 8.1.4 › measure 2"
        );
        assert_eq!(
            short_breadcrumb(&dev, measure),
            "Priority 8 › 8.1 › 8.1.4 › measure 2"
        );
        // A node the plan no longer has has no path.
        assert!(path(&dev, Node::Action(40, 0, 0)).is_empty());
        assert_eq!(breadcrumb(&dev, Node::Measure(40, 0, 0, 1)), "");
    }

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
