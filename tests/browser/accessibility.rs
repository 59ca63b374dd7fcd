//! axe-core (from the npm registry) injected into pages: WCAG 2.2 AA rules must pass.

use crate::driver::Browser;

/// The axe-core script: `$EXPAT_DESK_AXE`, else `target/axe/node_modules/axe-core/axe.min.js`
/// (`npm install --prefix target/axe axe-core@4`, which `.ci/run` does).
fn axe_source() -> String {
    let path = std::env::var("EXPAT_DESK_AXE").unwrap_or_else(|_| {
        format!(
            "{}/target/axe/node_modules/axe-core/axe.min.js",
            env!("CARGO_MANIFEST_DIR")
        )
    });
    std::fs::read_to_string(&path).unwrap_or_else(|error| {
        panic!("axe-core is missing at {path} ({error}); run `npm install --prefix target/axe axe-core@4`")
    })
}

/// Runs axe on the current page and fails with every violation it reports.
pub async fn assert_accessible(browser: &Browser, page: &str) {
    browser.run_script(&axe_source()).await;
    let violations = browser
        .run_script_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
               .then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' @ ' + v.nodes.map(n => n.target.join(' ')).join(' | '))))
               .catch(e => done(['axe failed: ' + e]));",
        )
        .await;
    let list: Vec<String> = violations
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_else(|| vec![format!("unexpected answer: {violations}")]);
    assert!(
        list.is_empty(),
        "accessibility violations on {page}:\n{}",
        list.join("\n")
    );
}
