//! The chat with 小申, as a plain model: what was said, which answers still wait for 已解决 / 未解决,
//! and what to report for them (小申's rating and the questions it could not answer).
//!
//! Pure (no web-sys): the controller in `bot_ctl` turns clicks into calls here, sends the [`Report`]s
//! they return through the pending queue, and saves [`BotLog::transcript`] to `localStorage`; the same
//! transcript travels to the agent at 转人工.

use bangban_core::kbwork::{UnansweredReason, UnansweredReport};
use bangban_core::protocol::{BotFeedback, BotTurn, MAX_BOT_TURNS, SenderKind};

use crate::knowledge::{Reply, Suggestion};

/// 小申's greeting, always shown first (it is not part of the transcript).
pub(crate) const GREETING: &str = "您好，我是小申，请问有什么可以帮您？";
/// Heading of a suggestion list.
pub(crate) const SUGGEST_INTRO: &str = "您是不是想问：";
/// Heading (and accessible name) of the related questions under an answer.
pub(crate) const RELATED_INTRO: &str = "您可能还想问：";
/// Reply when nothing in the knowledge base fits.
pub(crate) const NO_MATCH: &str =
    "抱歉，小申暂时没有找到相关答案。您可以换个说法，或点击「转人工」由人工客服为您服务。";
/// Reply to 已解决.
pub(crate) const THANKS: &str = "感谢您的反馈";
/// Reply to 未解决.
pub(crate) const SORRY: &str = "抱歉没能帮到您，您可以点击转人工，由人工客服为您解答。";
/// Reply to 都不是 under the suggestions.
pub(crate) const DECLINED: &str =
    "抱歉没能找到您要问的问题，已记录下来。您可以换个说法，或点击「转人工」由人工客服为您服务。";

/// What a click in the bot chat tells the server (sent, or queued while offline).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Report {
    /// 已解决 / 未解决 on an answer (`POST /api/bot-feedback`).
    Feedback(BotFeedback),
    /// A question 小申 could not answer (`POST /api/unanswered`).
    Unanswered(UnansweredReport),
}

fn unanswered(
    question: &str,
    item: Option<&str>,
    reason: UnansweredReason,
    entry: Option<&str>,
) -> Report {
    Report::Unanswered(UnansweredReport {
        question: question.to_owned(),
        item: item.map(str::to_owned),
        reason,
        entry: entry.map(str::to_owned),
    })
}

/// What a line of the bot chat is, beyond its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum LineKind {
    /// Plain text.
    Plain,
    /// A knowledge-base answer; `feedback` is `None` until 已解决 / 未解决 is chosen.
    Answer {
        /// The entry answered with.
        entry: String,
        /// The citizen's question.
        question: String,
        /// `Some(true)` for 已解决.
        feedback: Option<bool>,
        /// Related questions offered under it until the feedback is given.
        related: Vec<Suggestion>,
    },
    /// "您是不是想问：" with one button per question, and 都不是 until it is chosen.
    Suggest {
        /// The suggested entries.
        list: Vec<Suggestion>,
        /// The citizen's question.
        question: String,
        /// 都不是 was chosen.
        declined: bool,
    },
}

impl LineKind {
    /// 0 while the line still asks for a choice, 1 once it was made: part of the rendered key, so the
    /// line is drawn again without its buttons.
    pub(crate) fn settled(&self) -> u8 {
        match self {
            LineKind::Answer {
                feedback: Some(_), ..
            }
            | LineKind::Suggest { declined: true, .. } => 1,
            _ => 0,
        }
    }
}

/// One line of the bot chat.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct BotLine {
    /// Unique within the log, the key of the rendered list.
    pub(crate) id: u32,
    /// Citizen or Bot.
    pub(crate) sender: SenderKind,
    /// The text.
    pub(crate) text: String,
    /// Answer, suggestion list or plain.
    pub(crate) kind: LineKind,
}

impl BotLine {
    /// The line as the transcript keeps it: suggestions become text so the agent can read them.
    fn turn(&self) -> BotTurn {
        let text = match &self.kind {
            LineKind::Suggest { list, .. } => {
                let questions: Vec<&str> = list.iter().map(|s| s.question.as_str()).collect();
                format!("{}{}", self.text, questions.join("；"))
            }
            _ => self.text.clone(),
        };
        BotTurn {
            sender: self.sender,
            text,
        }
    }
}

/// The bot chat, at most [`MAX_BOT_TURNS`] lines (the oldest go first).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct BotLog {
    lines: Vec<BotLine>,
    next_id: u32,
}

impl BotLog {
    /// A log restored from a saved transcript; restored answers no longer ask for feedback.
    pub(crate) fn restore(turns: Vec<BotTurn>) -> BotLog {
        let mut log = BotLog::default();
        for t in turns {
            if matches!(t.sender, SenderKind::Citizen | SenderKind::Bot) {
                log.push(t.sender, t.text, LineKind::Plain);
            }
        }
        log
    }

    /// The lines to show, oldest first.
    pub(crate) fn lines(&self) -> &[BotLine] {
        &self.lines
    }

    /// Adds a line and returns its id.
    pub(crate) fn push(&mut self, sender: SenderKind, text: String, kind: LineKind) -> u32 {
        let id = self.next_id;
        self.next_id += 1;
        self.lines.push(BotLine {
            id,
            sender,
            text,
            kind,
        });
        if self.lines.len() > MAX_BOT_TURNS {
            self.lines.drain(..self.lines.len() - MAX_BOT_TURNS);
        }
        id
    }

    /// Adds 小申's reply to `question` asked on a page of `item`; a question without any match is
    /// reported as unanswered.
    pub(crate) fn push_reply(
        &mut self,
        reply: Reply,
        question: &str,
        item: Option<&str>,
    ) -> Option<Report> {
        let question = question.to_owned();
        let (text, kind, report) = match reply {
            Reply::Answer {
                entry,
                text,
                related,
            } => {
                let kind = LineKind::Answer {
                    entry,
                    question,
                    feedback: None,
                    related,
                };
                (text, kind, None)
            }
            Reply::Suggest(list) => {
                let kind = LineKind::Suggest {
                    list,
                    question,
                    declined: false,
                };
                (SUGGEST_INTRO.to_owned(), kind, None)
            }
            Reply::NoMatch => {
                let report = unanswered(&question, item, UnansweredReason::NoMatch, None);
                (NO_MATCH.to_owned(), LineKind::Plain, Some(report))
            }
        };
        self.push(SenderKind::Bot, text, kind);
        report
    }

    /// Records 已解决 (`true`) or 未解决 for answer `id` and replies; a second click does nothing.
    /// Returns what to report: the feedback, and for 未解决 the question as unanswered.
    pub(crate) fn feedback(&mut self, id: u32, solved: bool, item: Option<&str>) -> Vec<Report> {
        let Some(line) = self.lines.iter_mut().find(|l| l.id == id) else {
            return Vec::new();
        };
        let LineKind::Answer {
            entry,
            question,
            feedback: feedback @ None,
            ..
        } = &mut line.kind
        else {
            return Vec::new();
        };
        *feedback = Some(solved);
        let mut reports = vec![Report::Feedback(BotFeedback {
            entry: entry.clone(),
            question: question.clone(),
            solved,
            item: item.map(str::to_owned),
        })];
        if !solved {
            let reason = UnansweredReason::Unsolved;
            reports.push(unanswered(question, item, reason, Some(entry)));
        }
        let text = if solved { THANKS } else { SORRY };
        self.push(SenderKind::Bot, text.to_owned(), LineKind::Plain);
        reports
    }

    /// 都不是 under suggestion line `id`: the question is reported as unanswered; a second click
    /// does nothing.
    pub(crate) fn decline(&mut self, id: u32, item: Option<&str>) -> Option<Report> {
        let line = self.lines.iter_mut().find(|l| l.id == id)?;
        let LineKind::Suggest {
            question,
            declined: declined @ false,
            ..
        } = &mut line.kind
        else {
            return None;
        };
        *declined = true;
        let report = unanswered(question, item, UnansweredReason::DeclinedSuggestion, None);
        self.push(SenderKind::Bot, DECLINED.to_owned(), LineKind::Plain);
        Some(report)
    }

    /// The transcript that is saved and carried into a human chat.
    pub(crate) fn transcript(&self) -> Vec<BotTurn> {
        self.lines.iter().map(BotLine::turn).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::tests::sample;

    #[test]
    fn answers_wait_for_feedback_once() {
        let mut log = BotLog::default();
        log.push(SenderKind::Citizen, "材料".into(), LineKind::Plain);
        let answer = Reply::Answer {
            entry: "kb-1".into(),
            text: "带身份证".into(),
            related: Vec::new(),
        };
        assert_eq!(log.push_reply(answer, "材料", Some("居住证签注")), None);
        let id = log.lines()[1].id;
        assert_eq!(log.lines()[1].kind.settled(), 0);
        let reports = log.feedback(id, true, Some("居住证签注"));
        assert_eq!(
            reports,
            [Report::Feedback(BotFeedback {
                entry: "kb-1".into(),
                question: "材料".into(),
                solved: true,
                item: Some("居住证签注".into()),
            })]
        );
        assert!(log.feedback(id, false, None).is_empty());
        assert_eq!(log.lines()[1].kind.settled(), 1);
        let texts: Vec<_> = log.transcript().into_iter().map(|t| t.text).collect();
        assert_eq!(texts, ["材料", "带身份证", THANKS]);
    }

    #[test]
    fn unsolved_answers_are_reported_as_unanswered_too() {
        let mut log = BotLog::default();
        let answer = Reply::Answer {
            entry: "kb-2".into(),
            text: "社区事务受理服务中心。".into(),
            related: Vec::new(),
        };
        log.push_reply(answer, "去哪办", None);
        let reports = log.feedback(0, false, None);
        assert_eq!(reports.len(), 2);
        let Report::Unanswered(report) = &reports[1] else {
            panic!("expected an unanswered report");
        };
        assert_eq!(report.reason, UnansweredReason::Unsolved);
        assert_eq!(report.entry.as_deref(), Some("kb-2"));
        assert_eq!(report.question, "去哪办");
    }

    #[test]
    fn related_questions_stay_with_the_answer_until_its_feedback() {
        let mut log = BotLog::default();
        let related = vec![Suggestion {
            id: "kb-2".into(),
            question: "居住证签注在哪里办理".into(),
        }];
        let answer = Reply::Answer {
            entry: "kb-1".into(),
            text: "携带居住证和身份证。".into(),
            related: related.clone(),
        };
        assert_eq!(log.push_reply(answer, "居住证签注", None), None);
        let LineKind::Answer { related: kept, .. } = &log.lines()[0].kind else {
            panic!("expected an answer line");
        };
        assert_eq!(kept, &related);
        // The transcript keeps the answer's text only.
        assert_eq!(log.transcript()[0].text, "携带居住证和身份证。");
        assert_eq!(log.feedback(0, true, None).len(), 1);
        assert_eq!(log.lines()[0].kind.settled(), 1);
    }

    #[test]
    fn declining_suggestions_is_reported_once() {
        let mut log = BotLog::default();
        let list = vec![Suggestion {
            id: "kb-1".into(),
            question: "居住证签注需要什么材料".into(),
        }];
        log.push_reply(Reply::Suggest(list), "居住证", Some("居住证签注"));
        let Some(Report::Unanswered(report)) = log.decline(0, Some("居住证签注")) else {
            panic!("expected an unanswered report");
        };
        assert_eq!(report.reason, UnansweredReason::DeclinedSuggestion);
        assert_eq!(report.item.as_deref(), Some("居住证签注"));
        assert_eq!(log.decline(0, None), None);
        assert_eq!(log.lines()[0].kind.settled(), 1);
        assert_eq!(log.transcript()[1].text, DECLINED);
    }

    #[test]
    fn the_log_keeps_the_newest_turns() {
        let mut log = BotLog::default();
        for i in 0..MAX_BOT_TURNS + 5 {
            log.push(SenderKind::Citizen, i.to_string(), LineKind::Plain);
        }
        let transcript = log.transcript();
        assert_eq!(transcript.len(), MAX_BOT_TURNS);
        assert_eq!(transcript[0].text, "5");
    }

    #[test]
    fn suggestions_travel_as_text() {
        let mut log = BotLog::default();
        let list = ["在哪里办", "要什么材料"].map(|q| Suggestion {
            id: q.into(),
            question: q.into(),
        });
        log.push_reply(Reply::Suggest(list.to_vec()), "居住证", None);
        assert_eq!(
            log.transcript()[0].text,
            "您是不是想问：在哪里办；要什么材料"
        );
    }

    #[test]
    fn unmatched_questions_point_to_a_human() {
        let mut log = BotLog::default();
        let report = log.push_reply(sample().reply("今天天气", None), "今天天气", None);
        assert_eq!(log.transcript()[0].text, NO_MATCH);
        let Some(Report::Unanswered(report)) = report else {
            panic!("expected an unanswered report");
        };
        assert_eq!(report.reason, UnansweredReason::NoMatch);
        assert_eq!(report.question, "今天天气");
    }

    #[test]
    fn restore_keeps_only_citizen_and_bot_turns() {
        let turns = vec![
            BotTurn {
                sender: SenderKind::Citizen,
                text: "问".into(),
            },
            BotTurn {
                sender: SenderKind::Agent,
                text: "x".into(),
            },
        ];
        let log = BotLog::restore(turns);
        assert_eq!(log.lines().len(), 1);
        assert_eq!(log.lines()[0].kind, LineKind::Plain);
    }
}
