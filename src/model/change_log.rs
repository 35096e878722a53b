//! The plan's audit trail, shared rather than copied: a save takes the plan as it stands
//! (the log of a 100,000-action plan is 10 MB) while the meeting goes on. It reads and
//! changes like the list it wraps; a change made while a save holds it copies it then
//! (`Arc::make_mut`), which the meeting never does (its edits wait in its own list until
//! the save is done).

use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Change;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChangeLog(Arc<Vec<Change>>);

impl ChangeLog {
    /// Nothing recorded (a plan's text then leaves the log out).
    pub fn is_unset(&self) -> bool {
        self.0.is_empty()
    }

    /// Do two logs share one list (nothing was copied)?
    pub fn shares(&self, other: &ChangeLog) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Deref for ChangeLog {
    type Target = Vec<Change>;
    fn deref(&self) -> &Vec<Change> {
        &self.0
    }
}

impl DerefMut for ChangeLog {
    fn deref_mut(&mut self) -> &mut Vec<Change> {
        Arc::make_mut(&mut self.0)
    }
}

impl From<Vec<Change>> for ChangeLog {
    fn from(changes: Vec<Change>) -> Self {
        ChangeLog(Arc::new(changes))
    }
}

impl FromIterator<Change> for ChangeLog {
    fn from_iter<I: IntoIterator<Item = Change>>(iter: I) -> Self {
        ChangeLog::from(iter.into_iter().collect::<Vec<_>>())
    }
}

impl IntoIterator for ChangeLog {
    type Item = Change;
    type IntoIter = std::vec::IntoIter<Change>;
    /// Its changes, copied only where another holds the log too.
    fn into_iter(self) -> Self::IntoIter {
        Arc::unwrap_or_clone(self.0).into_iter()
    }
}

impl<'a> IntoIterator for &'a ChangeLog {
    type Item = &'a Change;
    type IntoIter = std::slice::Iter<'a, Change>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl Serialize for ChangeLog {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for ChangeLog {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Vec::deserialize(d).map(ChangeLog::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(item: &str) -> Change {
        let text = format!(
            r#"(who: "ann", when: "2018-02-01T10:30:00Z", item: "{item}", period: "p1", to: Some(2))"#
        );
        ron::from_str(&text).unwrap()
    }

    #[test]
    fn a_copy_shares_the_log_until_one_side_changes_it() {
        let mut log = ChangeLog::from(vec![change("1.1.1")]);
        let copy = log.clone();
        assert!(copy.shares(&log), "a copy holds no second list");
        log.push(change("1.1.2"));
        assert!(!copy.shares(&log), "a change copies it then");
        assert_eq!(copy.len(), 1, "the copy is as it was taken");
        assert_eq!(log.len(), 2);
        // Alone, a log changes in place.
        let before = log.clone();
        drop(before);
        let at = log.as_ptr();
        log.retain(|c| c.item == "1.1.1");
        assert_eq!((log.len(), log.as_ptr()), (1, at));
    }

    #[test]
    fn it_reads_and_writes_as_the_list_it_wraps() {
        let log = ChangeLog::from(vec![change("1.1.1"), change("1.2.1")]);
        let text = ron::to_string(&log).unwrap();
        assert_eq!(text, ron::to_string(&*log).unwrap());
        let back: ChangeLog = ron::from_str(&text).unwrap();
        assert_eq!(back, log);
    }
}
