//! The layers' arrows (docs/architecture.md): the lower layers never name the terminal, the
//! command line or a layer above them. Test code (`#[cfg(test)]`) is left out.

use std::path::Path;

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn lower_layers_name_nothing_above_them() {
    const TERMINAL: [&str; 4] = ["ratatui", "crossterm", "clap::", "color_eyre"];
    let above = |layer: &str| -> Vec<&'static str> {
        let all = [
            ("model", "crate::model"),
            ("store", "crate::store"),
            ("meeting", "crate::meeting"),
            ("report", "crate::report"),
            ("interchange", "crate::interchange"),
            ("app", "crate::app"),
            ("ui", "crate::ui"),
            ("tui", "crate::tui"),
            ("cli", "crate::cli"),
            ("config", "crate::config"),
        ];
        let allowed: &[&str] = match layer {
            "model" => &["model"],
            "store" => &["store", "model"],
            "meeting" => &["meeting", "store", "model"],
            "report" | "interchange" => &["report", "interchange", "store", "model"],
            _ => unreachable!(),
        };
        all.iter()
            .filter(|(name, _)| !allowed.contains(name))
            .map(|(_, path)| *path)
            .collect()
    };
    let mut bad = Vec::new();
    for layer in ["model", "store", "meeting", "report", "interchange"] {
        let mut files = Vec::new();
        sources(&Path::new("src").join(layer), &mut files);
        assert!(!files.is_empty(), "src/{layer}");
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            for word in TERMINAL.iter().copied().chain(above(layer)) {
                for (i, line) in code.lines().enumerate() {
                    let trimmed = line.trim_start();
                    if trimmed.starts_with("//") {
                        continue;
                    }
                    if line.contains(word) {
                        bad.push(format!("{}:{}: {word}", f.display(), i + 1));
                    }
                }
            }
        }
    }
    assert!(bad.is_empty(), "layers point up:\n{}", bad.join("\n"));
}
