//! Browser tests: the real application driven through headless Chromium (Debian's `chromium` and
//! `chromium-driver`, `apt-get install -y chromium chromium-driver`) over `WebDriver`, walking user
//! journeys and saving screenshots under `target/artifacts/screenshots` (or
//! `$EXPAT_DESK_ARTIFACTS/screenshots`).
//!
//! Run with `cargo test --features browser-tests --test browser`. A missing browser is a test
//! failure, never a skip. Every test starts its own `driver::Browser` and ends with
//! `browser.close().await`.

mod driver;
#[expect(
    dead_code,
    reason = "shared with the HTTP suite; journeys use only a part of it"
)]
#[path = "../app/helpers.rs"]
mod helpers;

mod accessibility;
mod caseworker_journey;
mod newcomer_journey;
mod partner_journey;
