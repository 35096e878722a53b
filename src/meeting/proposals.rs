//! Leads' proposals at the meeting: recording one collected from a form, and the board
//! agreeing it (the agreed rating becomes the proposal) or challenging it (another rating,
//! with the board's reason). Each is an edit like any other: journaled, undoable, replayed.

use crate::model::{Change, Minute, Proposal, Rating, Verdict};

use super::{Meeting, MeetingError};

/// What recording a proposal did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proposed {
    /// None from this person for this action and period before.
    New,
    /// It replaced a different one from the same person (a form returned again, changed).
    Replaced,
    /// The same update was recorded already (a form returned twice): nothing recorded.
    Already,
}

impl Meeting {
    /// The proposal on `item` in `period` the board is to agree or challenge, where the
    /// plan may be changed.
    fn proposal_to_judge(&self, item: &str, period: &str) -> Result<Proposal, MeetingError> {
        self.writable()?;
        self.plan
            .proposal(item, period)
            .cloned()
            .ok_or_else(|| MeetingError::NoProposal(item.to_string()))
    }

    /// Record a lead's proposal, replacing their earlier one for the same action and period.
    pub fn propose(&mut self, p: Proposal) -> Result<Proposed, MeetingError> {
        let earlier = self.plan.proposal_by(&p.item, &p.period, &p.by).cloned();
        if earlier.as_ref().is_some_and(|e| e.same_update(&p)) {
            return Ok(Proposed::Already);
        }
        let outcome = if earlier.is_some() {
            Proposed::Replaced
        } else {
            Proposed::New
        };
        self.minute(Minute::Propose {
            from: earlier,
            to: Some(p),
        })?;
        Ok(outcome)
    }

    /// The board agrees the proposal on `item` in `period`: its rating (and progress note)
    /// become the action's, audited as agreed.
    pub fn agree(&mut self, item: &str, period: &str) -> Result<Change, MeetingError> {
        let p = self.proposal_to_judge(item, period)?;
        let (from, _) = super::edit::cell(&self.plan, &self.index, item, period)?;
        let to = p.rating.or(from);
        let mut c = self.change(item, period, from, to, false);
        c.progress = self.progress_change(item, p.progress.as_deref())?;
        c.note = Some(format!("agreed the proposal of {}", p.by));
        c.verdict = Some(Verdict::Agreed);
        self.do_change(c.clone())?;
        Ok(c)
    }

    /// The board rates `item` in `period` otherwise than the lead proposed: a challenge,
    /// with the board's reason (required). The lead's progress note is kept as the action's.
    pub fn challenge(
        &mut self,
        item: &str,
        period: &str,
        to: Option<Rating>,
        reason: &str,
    ) -> Result<Change, MeetingError> {
        let p = self.proposal_to_judge(item, period)?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(MeetingError::ChallengeNeedsReason);
        }
        let to = self.on_scale(to)?;
        let (from, _) = super::edit::cell(&self.plan, &self.index, item, period)?;
        let mut c = self.change(item, period, from, to, false);
        c.progress = self.progress_change(item, p.progress.as_deref())?;
        c.note = Some(reason.to_string());
        c.verdict = Some(Verdict::Challenged);
        self.do_change(c.clone())?;
        Ok(c)
    }
}
