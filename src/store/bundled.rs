//! The plans compiled into the binary, so they open anywhere: the development plan (the
//! default) and the two partnership plans.

use std::path::Path;

use super::{LoadError, parse};
use crate::model::Plan;

/// A plan shipped inside the binary, known by its file name in `data/`.
#[derive(Debug)]
pub struct BundledPlan {
    pub name: &'static str,
    pub text: &'static str,
}

impl BundledPlan {
    pub fn plan(&self) -> Result<Plan, LoadError> {
        parse(self.text, Path::new(self.name))
    }
}

/// Every bundled plan; the first is the one `ragboard` opens with no argument.
pub const PLANS: &[BundledPlan] = &[
    BundledPlan {
        name: super::BUNDLED_NAME,
        text: super::BUNDLED,
    },
    BundledPlan {
        name: "cypp-2013-16.ron",
        text: include_str!("../../data/cypp-2013-16.ron"),
    },
    BundledPlan {
        name: "cypp-2014-15-annual-report.ron",
        text: include_str!("../../data/cypp-2014-15-annual-report.ron"),
    },
];

/// The bundled plan called `name` (its file name, with or without ".ron").
pub fn find(name: &str) -> Option<&'static BundledPlan> {
    PLANS
        .iter()
        .find(|b| b.name == name || b.name.strip_suffix(".ron") == Some(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_plan_loads_and_is_found_by_name() {
        for b in PLANS {
            let plan = b.plan().unwrap_or_else(|e| panic!("{e}"));
            assert!(!plan.priorities.is_empty());
            assert_eq!(find(b.name).map(|f| f.name), Some(b.name));
        }
        assert_eq!(
            find("cypp-2013-16").map(|b| b.name),
            Some("cypp-2013-16.ron")
        );
        assert!(find("nothing.ron").is_none());
        assert!(find("data/cypp-2013-16.ron").is_none());
    }
}
