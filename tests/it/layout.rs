//! The shape of the code: modules follow the data flow and import each other in no loop.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every Rust file under `src/`: its path relative to `src/`, and its text.
fn source_files() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut pending = vec![src.clone()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let relative = path
                    .strip_prefix(&src)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                files.push((relative, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    files
}

/// Each top-level module of `src/` and the top-level modules its code (not its comments or
/// tests) names with `crate::`.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (relative, text) in source_files() {
        let first = relative.split('/').next().unwrap();
        let module = first.trim_end_matches(".rs").to_owned();
        let code = text.split("#[cfg(test)]\nmod tests").next().unwrap();
        let uses = graph.entry(module.clone()).or_default();
        for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for (at, _) in line.match_indices("crate::") {
                let rest = &line[at + "crate::".len()..];
                let names: Vec<&str> = match rest.strip_prefix('{') {
                    Some(list) => list.split([',', '}']).collect(),
                    None => vec![rest],
                };
                for name in names {
                    let name: String = name
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() && name != module {
                        uses.insert(name);
                    }
                }
            }
        }
    }
    graph
}

#[test]
fn modules_import_each_other_in_no_loop() {
    let graph = imports();
    assert!(graph.contains_key("search") && graph["bot"].contains("reply"));
    // Depth-first from every module; a module met again on the current path closes a loop.
    fn visit(module: &str, graph: &BTreeMap<String, BTreeSet<String>>, path: &mut Vec<String>) {
        if let Some(at) = path.iter().position(|m| m == module) {
            panic!("import loop: {} -> {module}", path[at..].join(" -> "));
        }
        path.push(module.to_owned());
        for next in graph.get(module).into_iter().flatten() {
            visit(next, graph, path);
        }
        path.pop();
    }
    for module in graph.keys() {
        visit(module, &graph, &mut Vec::new());
    }
}

#[test]
fn only_the_index_and_search_layer_knows_tantivy_and_only_the_bot_knows_teloxide() {
    let files = source_files();
    assert!(files.len() > 20, "{}", files.len());
    for (relative, text) in files {
        let tantivy_allowed = ["index", "search", "language"]
            .iter()
            .any(|m| relative.starts_with(m));
        if !tantivy_allowed {
            assert!(!text.contains("tantivy::"), "{relative} uses Tantivy");
        }
        if !relative.starts_with("bot.rs") {
            assert!(!text.contains("teloxide::"), "{relative} uses teloxide");
        }
    }
}
