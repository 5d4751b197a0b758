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

/// A file's code: not its comments, and not its unit tests.
fn code_of(text: &str) -> Vec<&str> {
    let code = text.split("#[cfg(test)]\nmod tests").next().unwrap();
    code.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect()
}

/// Each top-level module of `src/` and the top-level modules its code (not its comments or
/// tests) names with `crate::`.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (relative, text) in source_files() {
        let first = relative.split('/').next().unwrap();
        let module = first.trim_end_matches(".rs").to_owned();
        let uses = graph.entry(module.clone()).or_default();
        for line in code_of(&text) {
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
        if !relative.starts_with("bot.rs") && !relative.starts_with("bot/") {
            assert!(!text.contains("teloxide::"), "{relative} uses teloxide");
        }
    }
}

/// The first path segments that follow `prefix` in `line` (`super::a::b`, `super::{a, b::c}`).
fn segments_after<'a>(line: &'a str, prefix: &str) -> Vec<&'a str> {
    let mut found = Vec::new();
    for (at, _) in line.match_indices(prefix) {
        // `crate::search::` inside `crate::search::x` but not `foo_super::`.
        if line[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
        {
            continue;
        }
        let rest = &line[at + prefix.len()..];
        let names: Vec<&str> = match rest.strip_prefix('{') {
            Some(list) => list.split([',', '}']).collect(),
            None => vec![rest],
        };
        for name in names {
            let name = name.trim();
            let end = name
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(name.len());
            if end > 0 {
                found.push(&name[..end]);
            }
        }
    }
    found
}

/// Within each folder of `src/` (a module with rooms of its own: `bot/`, `search/`…), which
/// room uses which: a room's `super::x` names its sibling `x`, or, for anything else, the
/// folder's root file (`bot.rs`); the root names a room by its path (`outbox::Outbox`).
fn folder_imports() -> BTreeMap<String, BTreeMap<String, BTreeSet<String>>> {
    let files = source_files();
    let mut folders: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for (relative, _) in &files {
        if let Some((folder, file)) = relative.rsplit_once('/') {
            let room = file.trim_end_matches(".rs");
            if room != "tests" {
                folders
                    .entry(folder.to_owned())
                    .or_default()
                    .insert(room.to_owned(), BTreeSet::new());
            }
        }
    }
    for (folder, rooms) in folders.iter_mut() {
        let names: BTreeSet<String> = rooms.keys().cloned().collect();
        let module_path = format!("crate::{}::", folder.replace('/', "::"));
        for (relative, text) in &files {
            let (room, is_root) = match relative.rsplit_once('/') {
                Some((f, file)) if f == folder => (file.trim_end_matches(".rs").to_owned(), false),
                _ if *relative == format!("{folder}.rs") => ("(root)".to_owned(), true),
                _ => continue,
            };
            if room == "tests" {
                continue;
            }
            let mut uses = BTreeSet::new();
            for line in code_of(text) {
                if line.trim_start().starts_with("mod ")
                    || line.trim_start().starts_with("pub mod ")
                {
                    continue;
                }
                if is_root {
                    for name in &names {
                        if !segments_after(line, &format!("{name}::")).is_empty() {
                            uses.insert(name.clone());
                        }
                    }
                } else {
                    let mut named = segments_after(line, "super::");
                    named.extend(segments_after(line, &module_path));
                    for name in named {
                        if name == "super" {
                            // `super::super::x`: outside this folder.
                            continue;
                        }
                        let target = if names.contains(name) {
                            name.to_owned()
                        } else {
                            "(root)".to_owned()
                        };
                        if target != room {
                            uses.insert(target);
                        }
                    }
                }
            }
            rooms.insert(room, uses);
        }
    }
    folders
}

#[test]
fn the_rooms_of_each_folder_use_each_other_in_no_loop() {
    let folders = folder_imports();
    assert!(folders.contains_key("bot") && folders.contains_key("search"));
    assert!(folders["bot"]["handlers"].contains("outbox"));
    assert!(folders["search"]["(root)"].contains("retrieve"));
    fn visit(room: &str, graph: &BTreeMap<String, BTreeSet<String>>, path: &mut Vec<String>) {
        if let Some(at) = path.iter().position(|r| r == room) {
            panic!("import loop: {} -> {room}", path[at..].join(" -> "));
        }
        path.push(room.to_owned());
        for next in graph.get(room).into_iter().flatten() {
            visit(next, graph, path);
        }
        path.pop();
    }
    for (folder, graph) in &folders {
        for room in graph.keys() {
            let mut path = vec![format!("{folder}:")];
            path.pop();
            visit(room, graph, &mut path);
        }
    }
}

#[test]
fn no_source_file_is_longer_than_600_lines_before_its_tests() {
    for (relative, text) in source_files() {
        let before_tests = text.split("#[cfg(test)]").next().unwrap().lines().count();
        assert!(
            before_tests <= 600,
            "src/{relative} has {before_tests} lines before its tests: give it rooms"
        );
    }
}
