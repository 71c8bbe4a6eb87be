//! Knowledge-base files: the JSON interchange format and CSV with the same columns (`similar` and `keywords`
//! separated by `|`), UTF-8 with or without BOM, since maintainers work in Excel (whose plain "CSV" on Chinese
//! Windows is GB18030: [`read_text`] reads that too).
//!
//! A file is checked whole before anything is stored: one bad row rejects the file, with every row number
//! and reason, and nothing is half-imported.

use bangban_core::kb::{KbEntry, KbFile, KbProblem, validate};

/// The CSV columns, in order.
pub const CSV_COLUMNS: [&str; 9] = [
    "id",
    "column",
    "item",
    "department",
    "question",
    "similar",
    "keywords",
    "answer",
    "effective",
];

/// Why a file was refused.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file is not readable as JSON or CSV at all.
    #[error("文件格式错误：{0}")]
    Format(String),
    /// Some rows are invalid; nothing was imported.
    #[error("{} 处错误，未导入任何条目：\n{}", .0.len(), list(.0))]
    Rows(Vec<KbProblem>),
}

fn list(problems: &[KbProblem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Parses and validates a file; `csv` picks the format.
pub fn parse(text: &str, csv: bool) -> Result<KbFile, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (file, rows) = if csv {
        parse_csv(text)?
    } else {
        parse_json(text)?
    };
    let problems = validate(&file.entries, &rows);
    if problems.is_empty() {
        Ok(file)
    } else {
        Err(ImportError::Rows(problems))
    }
}

fn parse_json(text: &str) -> Result<(KbFile, Vec<usize>), ImportError> {
    let file: KbFile = serde_json::from_str(text).map_err(|e| {
        ImportError::Format(format!("JSON 第 {} 行第 {} 列：{e}", e.line(), e.column()))
    })?;
    let rows = (1..=file.entries.len()).collect();
    Ok((file, rows))
}

fn parse_csv(text: &str) -> Result<(KbFile, Vec<usize>), ImportError> {
    parse_csv_with(text, &CSV_COLUMNS[..8])
}

/// Parses CSV whose header has at least the `required` columns (the others are empty when absent); rows are
/// not validated.
fn parse_csv_with(text: &str, required: &[&str]) -> Result<(KbFile, Vec<usize>), ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| ImportError::Format(e.to_string()))?
        .clone();
    let index = |name: &str| headers.iter().position(|h| h.trim() == name);
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|c| index(c).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(ImportError::Format(format!(
            "缺少列：{}",
            missing.join(", ")
        )));
    }
    let mut entries = Vec::new();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| ImportError::Format(e.to_string()))?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let field = |name: &str| {
            index(name)
                .and_then(|i| record.get(i))
                .map(str::trim)
                .unwrap_or("")
                .to_owned()
        };
        let optional = |name: &str| Some(field(name)).filter(|v| !v.is_empty());
        let listed = |name: &str| -> Vec<String> {
            field(name)
                .split('|')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        };
        entries.push(KbEntry {
            id: field("id"),
            column: field("column"),
            item: optional("item"),
            department: optional("department"),
            question: field("question"),
            similar: listed("similar"),
            keywords: listed("keywords"),
            answer: field("answer"),
            effective: optional("effective"),
            updated: None,
        });
        rows.push(line);
    }
    Ok((
        KbFile {
            entries,
            synonyms: Vec::new(),
        },
        rows,
    ))
}

/// A knowledge-base file for searching (`bangban faq search`), JSON or CSV (by its `.csv` extension, or
/// because it does not start with `{`), with or without BOM. Lenient, unlike an import: only `id` and
/// `question` are needed (in CSV, as columns), and entries that an import would refuse are searched anyway;
/// the second value lists those problems.
pub fn parse_for_search(text: &str, csv: bool) -> Result<(KbFile, Vec<KbProblem>), ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let csv = csv || !text.trim_start().starts_with('{');
    let (file, rows) = if csv {
        parse_csv_with(text, &["id", "question"])?
    } else {
        let loose: LooseFile = serde_json::from_str(text).map_err(|e| {
            ImportError::Format(format!("JSON 第 {} 行第 {} 列：{e}", e.line(), e.column()))
        })?;
        let entries: Vec<KbEntry> = loose
            .entries
            .into_iter()
            .map(LooseEntry::into_entry)
            .collect();
        let rows = (1..=entries.len()).collect();
        let synonyms = loose.synonyms;
        (KbFile { entries, synonyms }, rows)
    };
    let problems = validate(&file.entries, &rows);
    Ok((file, problems))
}

/// The interchange file with every field but `id` and `question` optional (see [`parse_for_search`]).
#[derive(serde::Deserialize)]
struct LooseFile {
    entries: Vec<LooseEntry>,
    #[serde(default)]
    synonyms: Vec<Vec<String>>,
}

#[derive(serde::Deserialize)]
struct LooseEntry {
    id: LooseId,
    #[serde(default)]
    column: String,
    #[serde(default)]
    item: Option<String>,
    #[serde(default)]
    department: Option<String>,
    question: String,
    #[serde(default)]
    similar: Vec<String>,
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(default)]
    answer: String,
}

/// An id as a string or a number.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum LooseId {
    Text(String),
    Number(serde_json::Number),
}

impl LooseEntry {
    fn into_entry(self) -> KbEntry {
        KbEntry {
            id: match self.id {
                LooseId::Text(id) => id,
                LooseId::Number(n) => n.to_string(),
            },
            column: self.column,
            item: self.item.filter(|i| !i.trim().is_empty()),
            department: self.department,
            question: self.question,
            similar: self.similar,
            keywords: self.keywords,
            answer: self.answer,
            effective: None,
            updated: None,
        }
    }
}

/// The JSON interchange file.
pub fn to_json(file: &KbFile) -> anyhow::Result<String> {
    Ok(serde_json::to_string_pretty(file)? + "\n")
}

/// CSV with a BOM, so Excel opens it as UTF-8.
pub fn to_csv(entries: &[KbEntry]) -> anyhow::Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(CSV_COLUMNS)?;
    for e in entries {
        writer.write_record([
            e.id.as_str(),
            &e.column,
            e.item.as_deref().unwrap_or(""),
            e.department.as_deref().unwrap_or(""),
            &e.question,
            &e.similar.join("|"),
            &e.keywords.join("|"),
            &e.answer,
            e.effective.as_deref().unwrap_or(""),
        ])?;
    }
    let bytes = writer.into_inner()?;
    Ok(format!("\u{feff}{}", String::from_utf8(bytes)?))
}

/// Reads a knowledge-base file as text. UTF-8 (with or without BOM) is the format; a file whose first
/// non-ASCII character is not UTF-8 but which decodes cleanly as GB18030 is what Excel's plain "CSV" saves on
/// Chinese Windows, and is read as that, with a note to say so (the second value). Anything else is refused
/// with the line of the first bad byte and how to save the file as UTF-8. (A UTF-8 file with one bad byte
/// further on is refused, never read as GB18030: decoded that way its Chinese text would turn to nonsense.)
pub fn read_text(path: &std::path::Path) -> anyhow::Result<(String, Option<String>)> {
    let bytes =
        std::fs::read(path).map_err(|e| anyhow::anyhow!("无法读取 {}：{e}", path.display()))?;
    let (bytes, bad) = match String::from_utf8(bytes) {
        Ok(text) => return Ok((text, None)),
        Err(e) => {
            let bad = e.utf8_error().valid_up_to();
            (e.into_bytes(), bad)
        }
    };
    let line = 1 + bytes[..bad].iter().filter(|&&b| b == b'\n').count();
    let utf8_before = bytes[..bad].iter().any(|b| !b.is_ascii());
    if !utf8_before
        && let Some(text) =
            encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(&bytes)
    {
        let note = format!(
            "{} 不是 UTF-8 编码，已按 GB18030（Excel 在中文 Windows 上保存的 CSV）读取",
            path.display()
        );
        return Ok((text.into_owned(), Some(note)));
    }
    anyhow::bail!(
        "{} 不是 UTF-8 编码：第 {line} 行有无法识别的字节。请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再导入",
        path.display()
    )
}

/// `bangban kb import FILE`: returns what to print.
pub async fn import(
    store: &dyn crate::store::Store,
    path: &std::path::Path,
    now_ms: i64,
) -> anyhow::Result<String> {
    let (text, note) = read_text(path)?;
    if let Some(note) = note {
        eprintln!("{note}");
    }
    let csv = path
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("csv"));
    let file = parse(&text, csv)?;
    let synonyms = (!file.synonyms.is_empty()).then_some(file.synonyms.as_slice());
    let version = store.kb_upsert(&file.entries, synonyms, now_ms).await?;
    Ok(format!(
        "imported {} entries; knowledge base version {version}",
        file.entries.len()
    ))
}

/// `bangban kb export`: the published entries in the chosen format.
pub async fn export(store: &dyn crate::store::Store, csv: bool) -> anyhow::Result<String> {
    let (_, entries, synonyms) = store.kb_published().await?;
    if csv {
        to_csv(&entries)
    } else {
        to_json(&KbFile { entries, synonyms })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV: &str = "\u{feff}id,column,item,department,question,similar,keywords,answer\n\
        kb-1,常见问题,居住证签注,市公安局,居住证怎么签注,居住证续签|签注居住证,签注,\"在一网通办办理，\n需本人\"\n\
        kb-2,常见问题,,,忘记密码怎么办,,,点击找回密码\n";

    #[test]
    fn csv_with_bom_multiline_answers_and_lists() {
        let file = parse(CSV, true).unwrap();
        assert_eq!(file.entries.len(), 2);
        let first = &file.entries[0];
        assert_eq!(first.similar, ["居住证续签", "签注居住证"]);
        assert_eq!(first.answer, "在一网通办办理，\n需本人");
        assert_eq!(file.entries[1].item, None);
    }

    #[test]
    fn csv_round_trips_through_export() {
        let file = parse(CSV, true).unwrap();
        let again = parse(&to_csv(&file.entries).unwrap(), true).unwrap();
        assert_eq!(again.entries, file.entries);
    }

    #[test]
    fn search_reads_csv_or_json_leniently_and_lists_what_an_import_would_refuse() {
        let csv = "\u{feff}id,question,similar,answer\nkb-1,居住证签注要什么材料,续签材料|签注带啥,身份证\nkb-2,,,\n";
        let (file, problems) = parse_for_search(csv, false).unwrap();
        assert_eq!(file.entries.len(), 2);
        assert_eq!(file.entries[0].similar, ["续签材料", "签注带啥"]);
        assert!(
            !problems.is_empty(),
            "the empty question and the missing column are listed"
        );
        let json = r#"{"entries":[{"id":7,"question":"个税清单在哪开"},{"id":"kb-8","question":"社保卡补办","item":""}]}"#;
        let (file, _) = parse_for_search(json, false).unwrap();
        assert_eq!(file.entries[0].id, "7");
        assert_eq!(file.entries[1].item, None);
        assert!(matches!(
            parse_for_search("{", false),
            Err(ImportError::Format(_))
        ));
        assert!(matches!(
            parse_for_search("question\n居住证\n", true),
            Err(ImportError::Format(_))
        ));
    }

    #[test]
    fn a_bad_csv_row_rejects_the_file_with_its_line_number() {
        let bad = format!("{CSV}kb-3,杂项,,,,,,答案\nkb-1,常见问题,,,重复,,,答案\n");
        let Err(ImportError::Rows(problems)) = parse(&bad, true) else {
            panic!("must be refused");
        };
        let lines: Vec<usize> = problems.iter().map(|p| p.row).collect();
        // kb-1's answer spans lines 2-3, so kb-2 is on line 4, kb-3 on 5, the duplicate on 6.
        assert_eq!(lines, [5, 5, 6]);
    }

    #[test]
    fn missing_columns_and_broken_json_are_format_errors() {
        assert!(matches!(
            parse("id,question\nx,y\n", true),
            Err(ImportError::Format(_))
        ));
        assert!(matches!(
            parse("{\"entries\": [", false),
            Err(ImportError::Format(_))
        ));
    }

    #[test]
    fn the_demo_knowledge_base_is_valid() {
        let file = parse(crate::kb::DEMO_KB, false).unwrap();
        assert!(file.entries.len() >= 150);
        assert!(!file.synonyms.is_empty());
    }

    /// Excel's plain "CSV" on Chinese Windows is GB18030: read as such, with a note; UTF-8 with a bad byte
    /// further on is refused with its line, never read as GB18030; UTF-8 with a BOM is read as it is.
    #[test]
    fn a_gb18030_file_is_read_and_broken_utf8_is_refused_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, bytes: &[u8]| {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            path
        };
        let (gbk, _, _) = encoding_rs::GB18030.encode(CSV.trim_start_matches('\u{feff}'));
        let (text, note) = read_text(&write("gbk.csv", &gbk)).unwrap();
        assert!(note.unwrap().contains("GB18030"));
        assert_eq!(text, CSV.trim_start_matches('\u{feff}'));
        assert_eq!(parse(&text, true).unwrap().entries.len(), 2);

        let (text, note) = read_text(&write("utf8.csv", CSV.as_bytes())).unwrap();
        assert!(note.is_none());
        assert_eq!(text, CSV);

        let mut broken = CSV.as_bytes().to_vec();
        let at = CSV.find("\nkb-2").unwrap() + 5;
        broken[at] = 0xff;
        let err = read_text(&write("broken.csv", &broken))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("第 4 行") && err.contains("CSV UTF-8"),
            "{err}"
        );

        let err = read_text(&dir.path().join("missing.csv"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("无法读取"), "{err}");
    }
}
