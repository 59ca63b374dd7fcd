//! Browser tests: the real application driven through headless Chromium (Debian's `chromium` and
//! `chromium-driver`, `apt-get install -y chromium chromium-driver`) over `WebDriver`, walking user
//! journeys and saving screenshots under `target/artifacts/screenshots` (or
//! `$EXPAT_DESK_ARTIFACTS/screenshots`).
//!
//! Run with `cargo test --features browser-tests --test browser`. A missing browser is a test
//! failure, never a skip. Every test starts its own `driver::Browser` and ends with
//! `browser.close().await`.

mod driver;

// Journeys go here, one module per journey, e.g. `mod newcomer_registration;`.
