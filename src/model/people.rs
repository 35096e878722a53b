//! People: the plan's `people` section maps the spellings a source uses for one person
//! ("Neale Laurie", "Neale laurie", "Neale Laurie CSU") to one name. Items keep the source's
//! spelling; forms, filters, search counts and papers go through `Plan::person`. `suspected`
//! lists spellings that look like one person and are not yet mapped, for `check`.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::{Action, Plan};

/// One person and the other spellings the plan's items use for them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// The name forms and papers use.
    pub name: String,
    /// Spellings on items that mean this person (matched ignoring case and spacing).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<String>,
}

/// A spelling folded for comparison: words lower-cased, joined by one space.
fn fold(s: &str) -> String {
    s.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

impl Plan {
    /// The entry of `people` that `spelling` is the name or a variant of.
    pub fn person_named(&self, spelling: &str) -> Option<&Person> {
        if self.people.is_empty() {
            return None;
        }
        let f = fold(spelling);
        self.people
            .iter()
            .find(|p| fold(&p.name) == f || p.variants.iter().any(|v| fold(v) == f))
    }

    /// The one name for `spelling`: the person it is a name or variant of, else the spelling
    /// trimmed. `None` for an empty spelling.
    pub fn person(&self, spelling: &str) -> Option<String> {
        if self.people.is_empty() {
            // Most plans have no people section: the spelling is the name.
            let t = spelling.trim();
            return (!t.is_empty()).then(|| t.to_string());
        }
        if spelling.trim().is_empty() {
            return None;
        }
        Some(
            self.person_named(spelling)
                .map_or_else(|| spelling.trim().to_string(), |p| p.name.clone()),
        )
    }

    /// The people an action names (its lead, and its responsible officer where that is
    /// another person), by their one name.
    pub fn people_of(&self, a: &Action) -> Vec<String> {
        let mut out: Vec<String> = Vec::with_capacity(2);
        for s in [a.lead.as_deref(), a.officer.as_deref()]
            .into_iter()
            .flatten()
        {
            if let Some(n) = self.person(s)
                && !out.contains(&n)
            {
                out.push(n);
            }
        }
        out
    }

    /// Whether `name` (one name) leads or is responsible for `a`.
    pub fn names_person(&self, a: &Action, name: &str) -> bool {
        self.people_of(a).iter().any(|n| n == name)
    }
}

/// Every person the plan's actions name, by their one name, sorted.
pub fn everyone(plan: &Plan) -> Vec<String> {
    let set: BTreeSet<String> = plan.actions().flat_map(|a| plan.people_of(a)).collect();
    set.into_iter().collect()
}

/// Spellings that look like one person but map to different names: the same words in
/// another case or spacing, one name followed by more words ("Neale Laurie CSU"), or an
/// initial for a first name with the same surname ("S Murphy", "Sheila Murphy"). Two
/// spellings both listed in `people`, under different people, are two people. Each group
/// is sorted, and the groups by their first spelling.
pub fn suspected(plan: &Plan) -> Vec<Vec<String>> {
    let spellings: BTreeSet<String> = plan
        .actions()
        .flat_map(|a| [a.lead.as_deref(), a.officer.as_deref()])
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let spellings: Vec<String> = spellings.into_iter().collect();
    // Union-find over the spellings that look alike and are not already one person.
    let mut parent: Vec<usize> = (0..spellings.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for i in 0..spellings.len() {
        for j in i + 1..spellings.len() {
            let (a, b) = (&spellings[i], &spellings[j]);
            // Both in `people`, as different people: said to be two, never suspected.
            let settled = plan.person_named(a).is_some() && plan.person_named(b).is_some();
            if !settled && plan.person(a) != plan.person(b) && alike(a, b) {
                let (ra, rb) = (root(&mut parent, i), root(&mut parent, j));
                parent[ra] = rb;
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<String>> = Default::default();
    for (i, s) in spellings.iter().enumerate() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(s.clone());
    }
    let mut out: Vec<Vec<String>> = groups.into_values().filter(|g| g.len() > 1).collect();
    out.sort();
    out
}

/// Two spellings that look like one person.
fn alike(a: &str, b: &str) -> bool {
    let (fa, fb) = (fold(a), fold(b));
    if fa == fb {
        return true;
    }
    let wa: Vec<&str> = fa.split(' ').collect();
    let wb: Vec<&str> = fb.split(' ').collect();
    let (short, long) = if wa.len() <= wb.len() {
        (&wa, &wb)
    } else {
        (&wb, &wa)
    };
    // A name of two words or more, followed by more words: a team or title after it.
    if short.len() >= 2 && long.starts_with(short) {
        return true;
    }
    // "S Murphy" and "Sheila Murphy": an initial and the same surname.
    if wa.len() == 2 && wb.len() == 2 && wa[1] == wb[1] && wa[0] != wb[0] {
        let initial = |w: &str, full: &str| w.chars().count() == 1 && full.starts_with(w);
        return initial(wa[0], wb[0]) || initial(wb[0], wa[0]);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_person_look_alike() {
        assert!(alike("Neale Laurie", "Neale laurie"));
        assert!(alike("Neale Laurie", "Neale Laurie CSU"));
        assert!(alike("S Murphy", "Sheila Murphy"));
        assert!(!alike("Janet Simon", "Joe Tynan"));
        assert!(
            !alike("DCS", "DCS Office"),
            "one word is not a name to extend"
        );
        assert!(!alike("Sheila Murphy", "Sean Murphy"));
    }
}
