//! Unit tests of the matcher on a small hand-made knowledge base.

use super::*;
use crate::kb::KbEntry;

fn entry(id: &str, item: Option<&str>, question: &str, similar: &[&str]) -> KbEntry {
    KbEntry {
        id: id.into(),
        column: "常见问题".into(),
        item: item.map(Into::into),
        department: None,
        question: question.into(),
        similar: similar.iter().map(|s| s.to_string()).collect(),
        keywords: vec![],
        answer: format!("{id} 的答案"),
        effective: None,
        updated: None,
    }
}

fn snapshot() -> KbSnapshot {
    KbSnapshot {
        version: 1,
        entries: vec![
            entry(
                "kb-1",
                Some("居住证签注"),
                "居住证签注需要什么材料",
                &["居住证续签要带什么"],
            ),
            entry("kb-2", Some("居住证新办"), "居住证新办需要什么材料", &[]),
            entry(
                "kb-3",
                None,
                "住房公积金怎么提取支付房租",
                &["租房提取公积金"],
            ),
            entry("kb-4", None, "个人所得税纳税清单在哪里开具", &[]),
            entry(
                "kb-5",
                Some("职工参保登记"),
                "单位怎么给新员工办理社会保险参保登记",
                &["公司给员工交社保在哪里操作"],
            ),
            entry(
                "kb-6",
                Some("居住证签注"),
                "居住证签注能在网上办吗",
                &["手机上怎么给居住证签注"],
            ),
        ],
        synonyms: vec![
            vec!["住房公积金".into(), "公积金".into()],
            vec!["个人所得税".into(), "个税".into()],
            vec!["社会保险".into(), "社保".into()],
            vec!["居住证签注".into(), "居住证续签".into()],
        ],
    }
}

#[test]
fn answers_a_plain_question() {
    let m = Matcher::new(&snapshot());
    assert_eq!(
        m.decide("居住证签注要哪些材料？", None).answer(),
        Some("kb-1")
    );
}

#[test]
fn synonyms_meet() {
    let m = Matcher::new(&snapshot());
    assert_eq!(m.decide("个税清单怎么开", None).answer(), Some("kb-4"));
    assert_eq!(m.decide("公积金提取付房租", None).answer(), Some("kb-3"));
}

#[test]
fn declines_what_it_does_not_know() {
    let m = Matcher::new(&snapshot());
    assert_eq!(m.decide("今天天气怎么样", None), MatchOutcome::NoMatch);
    assert_eq!(m.decide("", None), MatchOutcome::NoMatch);
    assert_eq!(m.decide("？？！！", None), MatchOutcome::NoMatch);
}

#[test]
fn page_item_breaks_ties() {
    let m = Matcher::new(&snapshot());
    let on_renewal = m.rank("居住证要什么材料", Some("居住证签注"));
    assert_eq!(m.id(on_renewal[0].entry), "kb-1");
    let on_new = m.rank("居住证要什么材料", Some("居住证新办"));
    assert_eq!(m.id(on_new[0].entry), "kb-2");
}

#[test]
fn empty_knowledge_base_matches_nothing() {
    let m = Matcher::new(&KbSnapshot::default());
    assert!(m.is_empty());
    assert_eq!(m.decide("居住证", None), MatchOutcome::NoMatch);
}

#[test]
fn tokens_are_bigrams_and_content_characters() {
    let t = tokens_with("请问居住证", &[]);
    assert_eq!(t, ["居", "住", "证", "居住", "住证"]);
}

fn first(m: &Matcher, query: &str, item: Option<&str>) -> Option<String> {
    m.rank(query, item)
        .first()
        .map(|s| m.id(s.entry).to_owned())
}

#[test]
fn homophone_typos_from_pinyin_input_still_match() {
    let m = Matcher::new(&snapshot());
    assert_eq!(
        first(&m, "居住证签住要带什么", None).as_deref(),
        Some("kb-1")
    );
    assert_eq!(first(&m, "公基金租房提取", None).as_deref(), Some("kb-3"));
    assert_eq!(first(&m, "公司给员工交社宝", None).as_deref(), Some("kb-5"));
}

#[test]
fn a_rambling_question_is_found_by_its_subject() {
    let m = Matcher::new(&snapshot());
    let story = "我在上海一家餐厅打工三年了，房子是租的，孩子也在这边上学，居住证又快到一年了，这次续签要带什么材料";
    assert_eq!(first(&m, story, None).as_deref(), Some("kb-1"));
}

#[test]
fn filler_does_not_count() {
    let m = Matcher::new(&snapshot());
    let plain = m.rank("居住证签注网上办", None);
    let padded = m.rank(
        "老师您好，请问一下，这个居住证签注就是可以在网上办的吗？谢谢",
        None,
    );
    assert_eq!(plain[0].entry, padded[0].entry);
    assert!((plain[0].score - padded[0].score).abs() < 0.1);
}

#[test]
fn the_page_item_is_preferred() {
    let m = Matcher::new(&snapshot());
    assert_eq!(
        first(&m, "要准备什么材料", Some("居住证新办")).as_deref(),
        Some("kb-2")
    );
    assert_eq!(
        first(&m, "要准备什么材料", Some("居住证签注")).as_deref(),
        Some("kb-1")
    );
}

#[test]
fn a_near_miss_is_not_answered() {
    let m = Matcher::new(&snapshot());
    assert_eq!(m.decide("公积金贷款利率是多少", None).answer(), None);
    assert_eq!(m.decide("居住证丢了怎么补办", None).answer(), None);
}

#[test]
fn chit_chat_is_declined() {
    let m = Matcher::new(&snapshot());
    for q in ["你好", "在吗", "哈哈哈", "帮我订一张去北京的机票"] {
        assert_eq!(m.decide(q, None).answer(), None, "{q}");
    }
}

#[test]
fn fillers_and_particles_cut_the_text() {
    let tokens = tokens_with(
        "请问个税的清单",
        &[vec!["个人所得税".into(), "个税".into()]],
    );
    // 个 and 得 are too common alone; 请问 and 的 are gone, so no bigram 税清 straddles them.
    let expected = [
        "人", "所", "税", "个人", "人所", "所得", "得税", "清", "单", "清单",
    ];
    assert_eq!(tokens, expected);
}

#[test]
fn built_in_synonyms_need_no_groups_in_the_knowledge_base() {
    let mut kb = snapshot();
    kb.synonyms.clear();
    let m = Matcher::new(&kb);
    assert_eq!(m.decide("个税清单怎么开", None).answer(), Some("kb-4"));
    assert_eq!(m.decide("公积金提取付房租", None).answer(), Some("kb-3"));
    assert_eq!(
        m.decide("居住证签注要带啥", Some("居住证签注")).answer(),
        Some("kb-1")
    );
}

#[test]
fn knowledge_base_groups_merge_with_built_in_ones() {
    let groups = lexicon::with_built_in(&[vec!["公积金".into(), "公基金".into()]]);
    let merged: Vec<_> = groups
        .iter()
        .filter(|g| g.contains(&"公积金".into()))
        .collect();
    assert_eq!(merged.len(), 1, "one group per word");
    assert_eq!(
        merged[0][0], "公积金",
        "the knowledge base's canonical word"
    );
    assert!(merged[0].contains(&"住房公积金".into()) && merged[0].contains(&"公基金".into()));
}
