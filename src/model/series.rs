//! Plans that follow one another: a plan may say what it is (a plan or a review of one),
//! the years it covers, and the plan it follows or reviews, by that plan's series id. From
//! those links and the plans at hand, the line a plan stands in ("CYPP 2013-16 → Annual
//! report 2014/15 → CYPP 2015/16"). Pure: which plans are at hand is the caller's.

use serde::{Deserialize, Serialize};

/// Where a plan stands among others.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Series {
    /// The plan's id among others ("cypp-2015-16"); a bundled plan's file is named by it.
    pub id: String,
    /// How a line of plans names it ("CYPP 2015/16").
    pub name: String,
    pub kind: PlanKind,
    /// The years it covers, as the source writes them ("2015/16", "2013-16").
    pub years: String,
    /// The plan this one follows (refreshes or replaces), by its series id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follows: Option<String>,
    /// The plan this one reports on, by its series id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviews: Option<String>,
}

/// What kind of document a plan file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlanKind {
    /// Sets out what will be done (a plan, a strategy, a delivery plan).
    Plan,
    /// Reports on what was done under a plan (an annual report, a review).
    Review,
}

impl PlanKind {
    pub fn word(self) -> &'static str {
        match self {
            PlanKind::Plan => "plan",
            PlanKind::Review => "review",
        }
    }
}

/// How a plan stands to the one before it in a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    Follows,
    Reviews,
}

impl Relation {
    pub fn word(self) -> &'static str {
        match self {
            Relation::Follows => "follows",
            Relation::Reviews => "reviews",
        }
    }
}

impl Series {
    /// The plan before this one in its line: what it follows or, where it names none, what
    /// it reviews.
    pub fn before(&self) -> Option<(Relation, &str)> {
        self.follows
            .as_deref()
            .map(|id| (Relation::Follows, id))
            .or_else(|| self.reviews.as_deref().map(|id| (Relation::Reviews, id)))
    }

    /// Every plan this one names, with how.
    pub fn links(&self) -> impl Iterator<Item = (Relation, &str)> {
        [
            self.follows.as_deref().map(|id| (Relation::Follows, id)),
            self.reviews.as_deref().map(|id| (Relation::Reviews, id)),
        ]
        .into_iter()
        .flatten()
    }
}

/// One plan in a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub id: String,
    /// Its name, where the plan is at hand; `None` for a plan named but not at hand.
    pub name: Option<String>,
    /// The plan the line was drawn for.
    pub this: bool,
    /// How it stands to the plan before it in the line (`None` for the first).
    pub relation: Option<Relation>,
}

impl Link {
    /// Its name, or its id where the plan is not at hand.
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }
}

/// The line `this` stands in, oldest first: back through the plan each follows (or, where
/// it names none, reviews), and on through the first plan of `known` that follows or
/// reviews it, preferring one that follows. A plan named but not in `known` ends the line
/// backwards with its id alone. `known` may hold `this` (it is skipped); a loop in the
/// links stops at the first plan seen twice.
pub fn line(this: &Series, known: &[Series]) -> Vec<Link> {
    let find = |id: &str| known.iter().find(|s| s.id == id && s.id != this.id);
    let mut seen = vec![this.id.clone()];
    let mut back = Vec::new();
    let mut at = this;
    while let Some((relation, id)) = at.before() {
        if seen.iter().any(|s| s == id) {
            break;
        }
        seen.push(id.to_string());
        // The relation belongs to the link after the one found.
        back.push((relation, id.to_string()));
        match find(id) {
            Some(s) => at = s,
            None => break,
        }
    }
    let mut out: Vec<Link> = Vec::new();
    for (i, (_, id)) in back.iter().enumerate().rev() {
        // The plan before this one in the line is the next one back, if any.
        let relation = back.get(i + 1).map(|(r, _)| *r);
        out.push(Link {
            id: id.clone(),
            name: find(id).map(|s| s.name.clone()),
            this: false,
            relation,
        });
    }
    out.push(Link {
        id: this.id.clone(),
        name: Some(this.name.clone()),
        this: true,
        relation: back.first().map(|(r, _)| *r),
    });
    let mut at = this.id.clone();
    loop {
        let next = [Relation::Follows, Relation::Reviews]
            .into_iter()
            .find_map(|want| {
                known.iter().find_map(|s| {
                    let names_it = s.links().any(|(r, id)| r == want && id == at);
                    (names_it && !seen.contains(&s.id)).then_some((want, s))
                })
            });
        let Some((relation, s)) = next else { break };
        seen.push(s.id.clone());
        out.push(Link {
            id: s.id.clone(),
            name: Some(s.name.clone()),
            this: false,
            relation: Some(relation),
        });
        at = s.id.clone();
    }
    out
}

/// A line as text: "CYPP 2013-16 → Annual report 2014/15 → CYPP 2015/16".
pub fn line_text(links: &[Link]) -> String {
    links
        .iter()
        .map(Link::label)
        .collect::<Vec<_>>()
        .join(" → ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(id: &str, kind: PlanKind, follows: Option<&str>, reviews: Option<&str>) -> Series {
        Series {
            id: id.into(),
            name: id.to_uppercase(),
            kind,
            years: String::new(),
            follows: follows.map(String::from),
            reviews: reviews.map(String::from),
        }
    }

    #[test]
    fn a_line_runs_back_through_what_each_follows_or_reviews_and_on_to_what_follows() {
        let known = [
            s("p1", PlanKind::Plan, Some("p0"), None),
            s("r1", PlanKind::Review, None, Some("p1")),
            s("p2", PlanKind::Plan, Some("r1"), None),
        ];
        for this in &known {
            let links = line(this, &known);
            let ids: Vec<&str> = links.iter().map(|l| l.id.as_str()).collect();
            assert_eq!(ids, ["p0", "p1", "r1", "p2"], "from {}", this.id);
            assert_eq!(links.iter().filter(|l| l.this).count(), 1);
            assert!(links.iter().find(|l| l.this).unwrap().id == this.id);
            // p0 is named but not at hand: its id stands for it.
            assert_eq!(links[0].name, None);
            assert_eq!(links[0].label(), "p0");
            let relations: Vec<Option<Relation>> = links.iter().map(|l| l.relation).collect();
            assert_eq!(
                relations,
                [
                    None,
                    Some(Relation::Follows),
                    Some(Relation::Reviews),
                    Some(Relation::Follows)
                ]
            );
        }
        assert_eq!(line_text(&line(&known[2], &known)), "p0 → P1 → R1 → P2");
    }

    #[test]
    fn a_plan_that_names_none_and_none_names_stands_alone() {
        let alone = s("x", PlanKind::Plan, None, None);
        let links = line(&alone, &[]);
        assert_eq!(links.len(), 1);
        assert!(links[0].this && links[0].relation.is_none());
        assert_eq!(line_text(&links), "X");
    }

    #[test]
    fn a_loop_in_the_links_ends_the_line() {
        let known = [
            s("a", PlanKind::Plan, Some("b"), None),
            s("b", PlanKind::Plan, Some("a"), None),
        ];
        let ids: Vec<String> = line(&known[0], &known).into_iter().map(|l| l.id).collect();
        assert_eq!(ids, ["b", "a"]);
        let me = s("me", PlanKind::Plan, Some("me"), None);
        assert_eq!(line(&me, std::slice::from_ref(&me)).len(), 1);
    }

    #[test]
    fn a_plan_followed_is_preferred_to_one_reviewed_going_on() {
        let known = [
            s("p", PlanKind::Plan, None, None),
            s("r", PlanKind::Review, None, Some("p")),
            s("q", PlanKind::Plan, Some("p"), None),
        ];
        let ids: Vec<String> = line(&known[0], &known).into_iter().map(|l| l.id).collect();
        assert_eq!(ids, ["p", "q"]);
    }
}
