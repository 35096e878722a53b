//! The plans compiled into the binary, so they open anywhere: the development plan (the
//! default) and the four partnership documents, oldest first: the review of the 2010-13
//! plan, the 2013-16 plan, its annual report 2014/15 and the 2015/16 plan.

use std::path::Path;
use std::sync::OnceLock;

use super::{LoadError, parse};
use crate::model::{Plan, Series};

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
        name: "cypp-2010-13-review-2011-12.ron",
        text: include_str!("../../data/cypp-2010-13-review-2011-12.ron"),
    },
    BundledPlan {
        name: "cypp-2013-16.ron",
        text: include_str!("../../data/cypp-2013-16.ron"),
    },
    BundledPlan {
        name: "cypp-2014-15-annual-report.ron",
        text: include_str!("../../data/cypp-2014-15-annual-report.ron"),
    },
    BundledPlan {
        name: "cypp-2015-16.ron",
        text: include_str!("../../data/cypp-2015-16.ron"),
    },
];

/// The bundled plan called `name` (its file name, with or without ".ron").
pub fn find(name: &str) -> Option<&'static BundledPlan> {
    PLANS
        .iter()
        .find(|b| b.name == name || b.name.strip_suffix(".ron") == Some(name))
}

/// Where each bundled plan stands among the others (those that say), read once: the plans
/// a line of plans is drawn through (`model::series::line`). A bundled plan that does not
/// read is left out here; `--list` and the tests say so.
pub fn series() -> &'static [Series] {
    static SERIES: OnceLock<Vec<Series>> = OnceLock::new();
    SERIES.get_or_init(|| PLANS.iter().filter_map(|b| b.plan().ok()?.series).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_plan_loads_and_is_found_by_name() {
        for b in PLANS {
            let plan = b.plan().unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(find(b.name).map(|f| f.name), Some(b.name));
            // Each is named by its series id, so a plan that follows it finds it.
            let series = plan
                .series
                .unwrap_or_else(|| panic!("{} has no series", b.name));
            assert_eq!(Some(series.id.as_str()), b.name.strip_suffix(".ron"));
        }
        assert_eq!(series().len(), PLANS.len());
        assert_eq!(
            find("cypp-2013-16").map(|b| b.name),
            Some("cypp-2013-16.ron")
        );
        assert!(find("nothing.ron").is_none());
        assert!(find("data/cypp-2013-16.ron").is_none());
    }
}
