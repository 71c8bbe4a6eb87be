//! The knowledge base's working life: maintainers edit entries; questions 小申 could not answer are grouped
//! by similarity with a 5-working-day deadline and answered by turning them into entries; agents propose
//! good replies as drafts that the owning department approves. Every change bumps the published version.

use std::collections::{BTreeSet, HashMap};

use bangban_core::calendar::Date;
use bangban_core::kb::{KbEntry, validate};
use bangban_core::kbwork::{
    ApproveRequest, DraftRequest, DraftStatus, DraftView, ResolveRequest, UnansweredGroup,
    UnansweredReport,
};
use bangban_core::matcher::Tokenizer;
use bangban_core::protocol::Role;
use bangban_core::ticket::mask_numbers;

use crate::error::ApiError;
use crate::items::MAX_ITEM_CHARS;
use crate::service;
use crate::state::AppState;
use crate::store::{AgentRecord, NewDraft, UnansweredRow};

/// Working days within which a department answers an unanswered question (seed 001).
pub const ANSWER_WITHIN_WORKING_DAYS: u32 = 5;
/// Longest recorded question, in characters.
pub const MAX_QUESTION_CHARS: usize = 500;
/// Questions this alike (shared-token Jaccard) are one group.
pub const GROUP_SIMILARITY: f32 = 0.5;
/// The response header that carries the published knowledge-base version on the maintainers' calls, so the
/// console can say which version a change produced without downloading the snapshot.
pub const VERSION_HEADER: &str = "bangban-kb-version";

/// `GET /api/kb/entries?q=&column=&item=`: a text filter plus exact 栏目 and 事项 (empty means any).
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct EntryFilter {
    /// Text that the id, question, similar questions, keywords, answer, 栏目 or 事项 contain.
    #[serde(default)]
    pub q: String,
    /// Only this 栏目.
    #[serde(default)]
    pub column: String,
    /// Only this 事项.
    #[serde(default)]
    pub item: String,
}

/// The version of the snapshot published now (after a change: the version that change produced).
pub fn published_version(state: &AppState) -> u64 {
    state.kb.current().version
}

/// Knowledge-base maintainers and administrators edit entries.
pub fn require_maintainer(agent: &AgentRecord) -> Result<(), ApiError> {
    match agent.role {
        Role::KbMaintainer | Role::Admin => Ok(()),
        _ => Err(ApiError::Forbidden),
    }
}

/// Saves an entry (new when its id is empty) and publishes it; returns it as stored.
pub async fn save_entry(state: &AppState, mut entry: KbEntry) -> Result<KbEntry, ApiError> {
    if entry.id.trim().is_empty() {
        entry.id = state.store.kb_next_id().await?;
    }
    entry.updated = Some(
        jiff::Timestamp::from_millisecond(state.clock.now_ms())
            .map_err(anyhow::Error::from)?
            .to_string(),
    );
    let problems = validate(std::slice::from_ref(&entry), &[1]);
    if !problems.is_empty() {
        // Every reason at once, so the maintainer can fix the form in one go.
        let reasons: Vec<&str> = problems.iter().map(|p| p.reason.as_str()).collect();
        return Err(ApiError::invalid("bad_entry", &reasons.join("；")));
    }
    let now = state.clock.now_ms();
    state
        .store
        .kb_upsert(std::slice::from_ref(&entry), None, now)
        .await?;
    state.kb.refresh(state.store.as_ref()).await?;
    Ok(entry)
}

/// Retires an entry: it leaves the published snapshot.
pub async fn retire(state: &AppState, id: &str) -> Result<(), ApiError> {
    let now = state.clock.now_ms();
    state
        .store
        .kb_retire(id, now)
        .await?
        .ok_or(ApiError::NotFound)?;
    state.kb.refresh(state.store.as_ref()).await?;
    Ok(())
}

/// Entries whose texts contain `q` (all when empty), of the filter's 栏目 and 事项 when given, retired ones
/// included and marked.
pub async fn search(
    state: &AppState,
    filter: &EntryFilter,
) -> Result<Vec<(KbEntry, bool)>, ApiError> {
    let needle = filter.q.trim().to_lowercase();
    let (column, item) = (filter.column.trim(), filter.item.trim());
    let all = state.store.kb_all().await?;
    Ok(all
        .into_iter()
        .filter(|(e, _)| column.is_empty() || e.column == column)
        .filter(|(e, _)| item.is_empty() || e.item.as_deref() == Some(item))
        .filter(|(e, _)| needle.is_empty() || contains(e, &needle))
        .collect())
}

/// Whether any of the entry's texts contains `needle` (already lower-cased), ignoring case.
fn contains(e: &KbEntry, needle: &str) -> bool {
    let fields = [&e.id, &e.question, &e.answer, &e.column];
    fields
        .into_iter()
        .chain(&e.item)
        .chain(&e.similar)
        .chain(&e.keywords)
        .any(|f| f.to_lowercase().contains(needle))
}

/// Records a question 小申 could not answer.
pub async fn record(
    state: &AppState,
    visitor_id: i64,
    mut report: UnansweredReport,
) -> Result<(), ApiError> {
    let chars = report.question.trim().chars().count();
    if chars == 0 || chars > MAX_QUESTION_CHARS {
        return Err(ApiError::invalid(
            "bad_question",
            &format!("问题不能为空，最多 {MAX_QUESTION_CHARS} 字"),
        ));
    }
    if report
        .item
        .as_deref()
        .is_some_and(|i| i.chars().count() > MAX_ITEM_CHARS)
    {
        return Err(ApiError::invalid("bad_item", "事项名称过长"));
    }
    // Maintainers read these and may publish one as an entry: a citizen's phone or ID-card number in the
    // question is masked before it is kept.
    report.question = mask_numbers(&report.question);
    let now = state.clock.now_ms();
    state
        .store
        .record_unanswered(&report, Some(visitor_id), now)
        .await?;
    Ok(())
}

/// Open unanswered questions grouped by similarity, most asked first, with their deadlines.
pub async fn groups(state: &AppState) -> Result<Vec<UnansweredGroup>, ApiError> {
    let rows = state.store.open_unanswered(2000).await?;
    // One lexicon for all the questions (building one takes about a millisecond), with the published
    // snapshot's synonyms and traditional characters: 居住證簽注 groups with 居住证签注.
    let tokenizer = {
        let kb = state.kb.current();
        Tokenizer::new(&kb.snapshot.synonyms, &kb.snapshot.traditional)
    };
    let today = Date::from_unix_ms(state.clock.now_ms());
    let mut groups: Vec<UnansweredGroup> = cluster(&rows, &tokenizer)
        .into_iter()
        .map(|members| {
            let first = &rows[members[0]];
            let due = state.calendar.add_working_days(
                Date::from_unix_ms(first.created_ms),
                ANSWER_WITHIN_WORKING_DAYS,
            );
            let mut samples = Vec::new();
            for &m in &members {
                if samples.len() < 5 && !samples.contains(&rows[m].question) {
                    samples.push(rows[m].question.clone());
                }
            }
            UnansweredGroup {
                ids: members.iter().map(|&m| rows[m].id).collect(),
                question: first.question.clone(),
                count: members.len(),
                samples,
                item: most_common_item(&rows, &members),
                first_ms: first.created_ms,
                due: due.to_string(),
                overdue: today > due,
            }
        })
        .collect();
    groups.sort_by(|a, b| b.count.cmp(&a.count).then(a.first_ms.cmp(&b.first_ms)));
    Ok(groups)
}

/// Greedy single pass: each question joins the first group whose first question is alike enough.
fn cluster(rows: &[UnansweredRow], tokenizer: &Tokenizer) -> Vec<Vec<usize>> {
    let tokens: Vec<BTreeSet<String>> = rows
        .iter()
        .map(|r| tokenizer.tokens(&r.question).into_iter().collect())
        .collect();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for i in 0..rows.len() {
        match groups
            .iter_mut()
            .find(|g| jaccard(&tokens[g[0]], &tokens[i]) >= GROUP_SIMILARITY)
        {
            Some(group) => group.push(i),
            None => groups.push(vec![i]),
        }
    }
    groups
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f32 {
    let union = a.union(b).count();
    if union == 0 {
        // Questions without a single meaningful token (punctuation, filler) are alike.
        return 1.0;
    }
    a.intersection(b).count() as f32 / union as f32
}

fn most_common_item(rows: &[UnansweredRow], members: &[usize]) -> Option<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for &m in members {
        if let Some(item) = rows[m].item.as_deref() {
            *counts.entry(item).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(item, _)| item.to_owned())
}

/// Answers a group by publishing an entry.
pub async fn resolve(state: &AppState, req: ResolveRequest) -> Result<KbEntry, ApiError> {
    if req.ids.is_empty() {
        return Err(ApiError::invalid("no_questions", "请选择要答复的问题"));
    }
    let entry = save_entry(state, req.entry).await?;
    let now = state.clock.now_ms();
    state
        .store
        .resolve_unanswered(&req.ids, &entry.id, now)
        .await?;
    Ok(entry)
}

/// An agent proposes a reply as an entry, for the owning department to approve.
pub async fn propose(
    state: &AppState,
    agent: &AgentRecord,
    req: DraftRequest,
) -> Result<DraftView, ApiError> {
    let question = req.question.trim();
    let answer = req.answer.trim();
    if question.is_empty() || answer.is_empty() {
        return Err(ApiError::invalid("empty_draft", "问题和答案都不能为空"));
    }
    if question.chars().count() > MAX_QUESTION_CHARS || answer.chars().count() > 5000 {
        return Err(ApiError::invalid(
            "draft_too_long",
            "问题最多 500 字，答案最多 5000 字",
        ));
    }
    let item = req.item.as_deref().map(str::trim).filter(|i| !i.is_empty());
    let draft = NewDraft {
        question: question.to_owned(),
        answer: answer.to_owned(),
        item: item.map(str::to_owned),
        department: service::department_of(state, item),
        conversation: req.conversation,
        author_id: agent.id,
        now_ms: state.clock.now_ms(),
    };
    Ok(state.store.create_draft(&draft).await?)
}

/// The drafts this agent may decide on (a maintainer with a department sees that department's), undecided
/// first.
pub async fn drafts_for(state: &AppState, agent: &AgentRecord) -> Result<Vec<DraftView>, ApiError> {
    require_maintainer(agent)?;
    let all = state.store.drafts().await?;
    Ok(all.into_iter().filter(|d| may_decide(agent, d)).collect())
}

/// Whether the maintainer may decide on this draft: administrators always, maintainers of the draft's
/// department (or maintainers without a department).
fn may_decide(agent: &AgentRecord, draft: &DraftView) -> bool {
    agent.role == Role::Admin
        || (agent.role == Role::KbMaintainer
            && (agent.department.is_none() || agent.department == draft.department))
}

/// Publishes a draft (as edited by the maintainer).
pub async fn approve(
    state: &AppState,
    agent: &AgentRecord,
    id: &str,
    req: ApproveRequest,
) -> Result<DraftView, ApiError> {
    let draft = undecided(state, agent, id).await?;
    let entry = save_entry(state, req.entry).await?;
    let now = state.clock.now_ms();
    let decided = state
        .store
        .decide_draft(
            &draft.id,
            DraftStatus::Approved,
            Some(&entry.id),
            agent.id,
            now,
        )
        .await?;
    decided.ok_or(ApiError::NotFound)
}

/// Turns a draft down.
pub async fn reject(
    state: &AppState,
    agent: &AgentRecord,
    id: &str,
) -> Result<DraftView, ApiError> {
    let draft = undecided(state, agent, id).await?;
    let now = state.clock.now_ms();
    let decided = state
        .store
        .decide_draft(&draft.id, DraftStatus::Rejected, None, agent.id, now)
        .await?;
    decided.ok_or(ApiError::NotFound)
}

async fn undecided(state: &AppState, agent: &AgentRecord, id: &str) -> Result<DraftView, ApiError> {
    let draft = state.store.draft(id).await?;
    let Some(draft) = draft.filter(|d| may_decide(agent, d)) else {
        return Err(ApiError::NotFound);
    };
    if draft.status != DraftStatus::Draft {
        return Err(ApiError::conflict("already_decided", "该草稿已处理"));
    }
    Ok(draft)
}
