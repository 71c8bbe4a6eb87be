//! The chat with 小申, as a plain model: what was said, which answers still wait for 已解决 / 未解决.
//!
//! Pure (no web-sys): the controller in `bot_ctl` turns clicks into calls here and saves
//! [`BotLog::transcript`] to `localStorage`; the same transcript travels to the agent at 转人工.

use bangban_core::protocol::{BotTurn, MAX_BOT_TURNS, SenderKind};

use crate::knowledge::{Reply, Suggestion};

/// 小申's greeting, always shown first (it is not part of the transcript).
pub(crate) const GREETING: &str = "您好，我是小申，请问有什么可以帮您？";
/// Heading of a suggestion list.
pub(crate) const SUGGEST_INTRO: &str = "您是不是想问：";
/// Reply when nothing in the knowledge base fits.
pub(crate) const NO_MATCH: &str =
    "抱歉，小申暂时没有找到相关答案。您可以换个说法，或点击「转人工」由人工客服为您服务。";
/// Reply to 已解决.
pub(crate) const THANKS: &str = "感谢您的反馈";
/// Reply to 未解决.
pub(crate) const SORRY: &str = "抱歉没能帮到您，您可以点击转人工，由人工客服为您解答。";

/// What a line of the bot chat is, beyond its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum LineKind {
    /// Plain text.
    Plain,
    /// A knowledge-base answer; `feedback` is `None` until 已解决 / 未解决 is chosen.
    Answer {
        /// `Some(true)` for 已解决.
        feedback: Option<bool>,
    },
    /// "您是不是想问：" with one button per question.
    Suggest(Vec<Suggestion>),
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
            LineKind::Suggest(list) => {
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

    /// Adds 小申's reply.
    pub(crate) fn push_reply(&mut self, reply: Reply) {
        let (text, kind) = match reply {
            Reply::Answer(text) => (text, LineKind::Answer { feedback: None }),
            Reply::Suggest(list) => (SUGGEST_INTRO.to_owned(), LineKind::Suggest(list)),
            Reply::NoMatch => (NO_MATCH.to_owned(), LineKind::Plain),
        };
        self.push(SenderKind::Bot, text, kind);
    }

    /// Records 已解决 (`true`) or 未解决 for answer `id` and replies; a second click does nothing.
    pub(crate) fn feedback(&mut self, id: u32, solved: bool) {
        let Some(line) = self.lines.iter_mut().find(|l| l.id == id) else {
            return;
        };
        let LineKind::Answer { feedback: None } = line.kind else {
            return;
        };
        line.kind = LineKind::Answer {
            feedback: Some(solved),
        };
        let text = if solved { THANKS } else { SORRY };
        self.push(SenderKind::Bot, text.to_owned(), LineKind::Plain);
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
        log.push_reply(Reply::Answer("带身份证".into()));
        let id = log.lines()[1].id;
        log.feedback(id, true);
        log.feedback(id, false);
        let texts: Vec<_> = log.transcript().into_iter().map(|t| t.text).collect();
        assert_eq!(texts, ["材料", "带身份证", THANKS]);
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
        log.push_reply(Reply::Suggest(list.to_vec()));
        assert_eq!(
            log.transcript()[0].text,
            "您是不是想问：在哪里办；要什么材料"
        );
    }

    #[test]
    fn unmatched_questions_point_to_a_human() {
        let mut log = BotLog::default();
        log.push_reply(sample().reply("今天天气", None));
        assert_eq!(log.transcript()[0].text, NO_MATCH);
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
