//! A small `WebDriver` harness: Debian's `chromium` driven through `chromedriver` with
//! `fantoccini`, plus helpers that read like the steps of a user journey.
//!
//! Every [`Browser`] owns its own `chromedriver` (on a free loopback port, in its own process
//! group) and its own throw-away Chromium profile, so tests may run in parallel. Call
//! [`Browser::close`] at the end of a test; if a test panics first, `Drop` kills the whole
//! process group so no Chromium process outlives the test.
//!
//! The helpers are test helpers: they panic with a message naming the selector or text and the
//! page's URL instead of returning errors.

// A helper library: not every test target uses every helper.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

/// How long element look-ups and [`Browser::wait_for_text`] keep trying.
const WAIT: Duration = Duration::from_secs(5);
/// How long `chromedriver` gets to answer `/status` after it was started.
const DRIVER_START: Duration = Duration::from_secs(10);
const INSTALL_HINT: &str = "run `apt-get install -y chromium chromium-driver`";

/// A headless Chromium session with its own `chromedriver`.
pub struct Browser {
    client: Option<Client>,
    driver: Option<Child>,
    /// Holds the Chromium profile and the chromedriver log; removed on drop.
    scratch: tempfile::TempDir,
}

impl Browser {
    /// A desktop browser with a 1280×900 viewport.
    pub async fn start() -> Browser {
        Self::start_with_viewport(1280, 900).await
    }

    /// A phone: Chrome's mobile emulation at 390×844 CSS pixels (an iPhone 14), touch events
    /// on and `<meta name=viewport>` honoured, device pixel ratio 1 (screenshots 390 px wide),
    /// desktop user agent.
    pub async fn start_phone() -> Browser {
        Self::launch(390, 844, true).await
    }

    /// A desktop browser whose viewport (`innerWidth`×`innerHeight`) is `width`×`height`.
    /// Headless Chromium keeps windows at least 500 px wide: use [`Browser::start_phone`]
    /// for narrower screens.
    pub async fn start_with_viewport(width: u32, height: u32) -> Browser {
        Self::launch(width, height, false).await
    }

    async fn launch(width: u32, height: u32, phone: bool) -> Browser {
        let chromedriver = find_program("chromedriver", "/usr/bin/chromedriver");
        let chromium = find_program("chromium", "/usr/bin/chromium");
        let scratch = tempfile::Builder::new()
            .prefix("expat-desk-browser-")
            .tempdir()
            .expect("create a temporary directory for the browser profile");
        let profile = scratch.path().join("profile");
        let log_path = scratch.path().join("chromedriver.log");

        // The free port is found by binding port 0 and releasing it; another process can grab
        // it in between, so a chromedriver that exits early is retried on a new port.
        let mut attempt = 0;
        let (driver, port) = loop {
            attempt += 1;
            let port = free_port();
            let mut driver = spawn_driver(&chromedriver, port, scratch.path(), &log_path);
            match wait_until_ready(&mut driver, port).await {
                Ok(()) => break (driver, port),
                Err(reason) => {
                    kill_group(&mut driver);
                    assert!(
                        attempt < 3,
                        "chromedriver ({}) did not start on 127.0.0.1:{port}: {reason}\n\
                         --- chromedriver log ---\n{}",
                        chromedriver.display(),
                        read_log(&log_path)
                    );
                }
            }
        };
        // From here on a panic must still kill chromedriver: let `Drop` do it.
        let mut browser = Browser {
            client: None,
            driver: Some(driver),
            scratch,
        };

        let mut options = json!({
            "binary": chromium,
            "args": [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                format!("--window-size={width},{height}"),
                format!("--user-data-dir={}", profile.display()),
            ],
        });
        if phone {
            options["mobileEmulation"] = json!({
                "deviceMetrics": {
                    "width": width,
                    "height": height,
                    "pixelRatio": 1.0,
                    "touch": true,
                    "mobile": true,
                },
            });
        }
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), json!("chrome"));
        capabilities.insert("goog:chromeOptions".into(), options);
        capabilities.insert(
            "timeouts".into(),
            json!({ "pageLoad": 30_000, "script": 30_000 }),
        );
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .unwrap_or_else(|err| {
                panic!(
                    "could not open a Chromium session through chromedriver: {err}\n\
                     --- chromedriver log ---\n{}",
                    read_log(&browser.scratch.path().join("chromedriver.log"))
                )
            });
        browser.client = Some(client);
        if !phone {
            browser.fit_viewport(width, height).await;
        }
        browser
    }

    /// `--window-size` sets the outer size, and even headless Chromium takes room for its
    /// (invisible) toolbars: grow the window by that difference.
    async fn fit_viewport(&self, width: u32, height: u32) {
        let script = "return [window.outerWidth - window.innerWidth, \
                      window.outerHeight - window.innerHeight];";
        let chrome = self.run_script(script).await;
        let extra = |i: usize| chrome[i].as_u64().and_then(|v| u32::try_from(v).ok());
        let (Some(extra_width), Some(extra_height)) = (extra(0), extra(1)) else {
            panic!("unexpected window metrics: {chrome}");
        };
        if extra_width == 0 && extra_height == 0 {
            return;
        }
        if let Err(err) = self
            .client()
            .set_window_size(width + extra_width, height + extra_height)
            .await
        {
            panic!("could not resize the browser window: {err}");
        }
    }

    /// Ends the `WebDriver` session (Chromium quits) and stops chromedriver. Call it at the end
    /// of every test; `Drop` only kills the processes.
    pub async fn close(mut self) {
        if let Some(client) = self.client.take() {
            // Ignore the error: the processes are killed below either way.
            let _ = client.close().await;
        }
        if let Some(mut driver) = self.driver.take() {
            kill_group(&mut driver);
        }
    }

    /// The underlying fantoccini client, for whatever the helpers do not cover.
    pub fn client(&self) -> &Client {
        self.client.as_ref().expect("the browser session is open")
    }

    /// Opens `url` and waits for the page to load.
    pub async fn goto(&self, url: &str) {
        if let Err(err) = self.client().goto(url).await {
            self.fail(format!("could not open {url}: {err}")).await;
        }
    }

    /// Replaces the value of the field matching `css` with `text`.
    pub async fn fill(&self, css: &str, text: &str) {
        let field = self.find(Locator::Css(css), &format!("css `{css}`")).await;
        self.type_into(&field, text, &format!("css `{css}`")).await;
    }

    /// Replaces the value of the field whose `<label>` reads `label` (whitespace-normalised,
    /// exact). Works with `<label for=…>` and with a label wrapping its field.
    pub async fn fill_labelled(&self, label: &str, text: &str) {
        let field = self.labelled(label).await;
        self.type_into(&field, text, &format!("the field labelled {label:?}"))
            .await;
    }

    /// Chooses the option of the `<select>` matching `css` whose `value` is `value`, or failing
    /// that, whose visible text is `value`.
    pub async fn select(&self, css: &str, value: &str) {
        let what = format!("css `{css}`");
        let select = self.find(Locator::Css(css), &what).await;
        if select.select_by_value(value).await.is_ok() {
            return;
        }
        if let Err(err) = select.select_by_label(value).await {
            self.fail(format!(
                "{what} has no option with value or text {value:?}: {err}"
            ))
            .await;
        }
    }

    /// Clicks the element matching `css`.
    pub async fn click(&self, css: &str) {
        let what = format!("css `{css}`");
        let element = self.find(Locator::Css(css), &what).await;
        self.click_element(&element, &what).await;
    }

    /// Clicks the `<button>` (or `<input type=submit|button>`) whose text is `text`.
    pub async fn click_button(&self, text: &str) {
        let literal = xpath_literal(text);
        let xpath = format!(
            "//button[normalize-space()={literal}] | \
             //input[(@type='submit' or @type='button') and normalize-space(@value)={literal}]"
        );
        let what = format!("the button {text:?}");
        let element = self.find(Locator::XPath(&xpath), &what).await;
        self.click_element(&element, &what).await;
    }

    /// Clicks the link (`<a>`) whose text is `text`.
    pub async fn click_link(&self, text: &str) {
        let xpath = format!("//a[normalize-space()={}]", xpath_literal(text));
        let what = format!("the link {text:?}");
        let element = self.find(Locator::XPath(&xpath), &what).await;
        self.click_element(&element, &what).await;
    }

    /// The rendered text of the element matching `css`.
    pub async fn text_of(&self, css: &str) -> String {
        let what = format!("css `{css}`");
        let element = self.find(Locator::Css(css), &what).await;
        match element.text().await {
            Ok(text) => text,
            Err(err) => {
                self.fail(format!("could not read the text of {what}: {err}"))
                    .await
            }
        }
    }

    /// The rendered text of the whole page (`document.body.innerText`).
    pub async fn page_text(&self) -> String {
        match self
            .client()
            .execute(
                "return document.body ? document.body.innerText : '';",
                vec![],
            )
            .await
        {
            Ok(Value::String(text)) => text,
            Ok(other) => {
                self.fail(format!("page text was not a string: {other}"))
                    .await
            }
            Err(err) => {
                self.fail(format!("could not read the page text: {err}"))
                    .await
            }
        }
    }

    /// The path of the current URL, e.g. `/requests/7`.
    pub async fn current_path(&self) -> String {
        match self.client().current_url().await {
            Ok(url) => url.path().to_owned(),
            Err(err) => panic!("could not read the browser's current URL: {err}"),
        }
    }

    /// The current URL, e.g. `http://127.0.0.1:41234/requests/7?tab=notes`.
    pub async fn current_url(&self) -> String {
        match self.client().current_url().await {
            Ok(url) => url.to_string(),
            Err(err) => panic!("could not read the browser's current URL: {err}"),
        }
    }

    /// Waits (up to 5 s) until the page text contains `text`.
    pub async fn wait_for_text(&self, text: &str) {
        let started = Instant::now();
        loop {
            let page = self.page_text().await;
            if page.contains(text) {
                return;
            }
            if started.elapsed() > WAIT {
                self.fail(format!(
                    "the page did not show {text:?} within {WAIT:?}; it reads:\n{}",
                    excerpt(&page)
                ))
                .await;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Saves a PNG of the viewport as `<artifacts>/<name>.png` and returns its path. The folder
    /// is `$EXPAT_DESK_ARTIFACTS/screenshots` if that variable is set, else
    /// `<crate>/target/artifacts/screenshots`.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir)
            .unwrap_or_else(|err| panic!("could not create {}: {err}", dir.display()));
        let file: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let path = dir.join(format!("{file}.png"));
        let png = match self.client().screenshot().await {
            Ok(png) => png,
            Err(err) => {
                self.fail(format!("could not take screenshot {name:?}: {err}"))
                    .await
            }
        };
        std::fs::write(&path, png)
            .unwrap_or_else(|err| panic!("could not write {}: {err}", path.display()));
        path
    }

    /// Runs `js` in the page (`return …` to get a value back).
    pub async fn run_script(&self, js: &str) -> Value {
        self.run_script_with(js, Vec::new()).await
    }

    /// Runs `js` in the page with `arguments` set to `args`.
    pub async fn run_script_with(&self, js: &str, args: Vec<Value>) -> Value {
        match self.client().execute(js, args).await {
            Ok(value) => value,
            Err(err) => self.fail(format!("script failed: {err}\n{js}")).await,
        }
    }

    /// Runs asynchronous `js`: its last argument, `arguments[arguments.length - 1]`, is the
    /// callback that hands the result back (timeout 30 s).
    pub async fn run_script_async(&self, js: &str) -> Value {
        match self.client().execute_async(js, Vec::new()).await {
            Ok(value) => value,
            Err(err) => self.fail(format!("async script failed: {err}\n{js}")).await,
        }
    }

    async fn find(&self, locator: Locator<'_>, what: &str) -> Element {
        match self
            .client()
            .wait()
            .at_most(WAIT)
            .for_element(locator)
            .await
        {
            Ok(element) => element,
            Err(fantoccini::error::CmdError::WaitTimeout) => {
                self.fail(format!("no element matches {what} (waited {WAIT:?})"))
                    .await
            }
            Err(err) => self.fail(format!("could not look up {what}: {err}")).await,
        }
    }

    async fn labelled(&self, label: &str) -> Element {
        let literal = xpath_literal(label);
        let label_xpath = format!("//label[normalize-space()={literal}]");
        let what = format!("a <label> reading {label:?}");
        let label_element = self.find(Locator::XPath(&label_xpath), &what).await;
        match label_element.attr("for").await {
            Ok(Some(id)) if !id.is_empty() => {
                let target = format!("the field with id {id:?} (labelled {label:?})");
                self.find(Locator::Id(&id), &target).await
            }
            _ => {
                let field = ".//input[not(@type='hidden')] | .//select | .//textarea";
                match label_element.find(Locator::XPath(field)).await {
                    Ok(element) => element,
                    Err(_) => {
                        self.fail(format!(
                            "the <label> {label:?} has no `for` and wraps no input, select or \
                             textarea"
                        ))
                        .await
                    }
                }
            }
        }
    }

    async fn type_into(&self, field: &Element, text: &str, what: &str) {
        if let Err(err) = field.clear().await {
            self.fail(format!("could not clear {what}: {err}")).await;
        }
        if let Err(err) = field.send_keys(text).await {
            self.fail(format!("could not type into {what}: {err}"))
                .await;
        }
    }

    async fn click_element(&self, element: &Element, what: &str) {
        if let Err(err) = element.click().await {
            self.fail(format!("could not click {what}: {err}")).await;
        }
    }

    /// Panics with `message` and the page's URL.
    async fn fail(&self, message: String) -> ! {
        let url = match self.client().current_url().await {
            Ok(url) => url.to_string(),
            Err(err) => format!("<unknown: {err}>"),
        };
        panic!("{message}\n  at {url}");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Reached without `close` only when a test panicked: the session cannot be ended
        // cleanly here, so kill chromedriver and every Chromium process in its group.
        if let Some(mut driver) = self.driver.take() {
            kill_group(&mut driver);
        }
    }
}

fn find_program(name: &str, fallback: &str) -> PathBuf {
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
        .map(|dir| dir.join(name));
    on_path
        .chain(std::iter::once(PathBuf::from(fallback)))
        .find(|candidate| is_executable(candidate))
        .unwrap_or_else(|| {
            panic!(
                "`{name}` was not found on PATH nor at {fallback}: the browser tests need \
                 Debian's Chromium; {INSTALL_HINT}"
            )
        })
}

fn is_executable(path: &Path) -> bool {
    path.metadata()
        .is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
}

fn free_port() -> u16 {
    TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
        .and_then(|listener| listener.local_addr())
        .expect("find a free loopback port")
        .port()
}

fn spawn_driver(chromedriver: &Path, port: u16, scratch: &Path, log_path: &Path) -> Child {
    let log = std::fs::File::create(log_path).expect("create the chromedriver log");
    let log_err = log.try_clone().expect("clone the chromedriver log handle");
    Command::new(chromedriver)
        .arg(format!("--port={port}"))
        .arg("--allowed-ips=127.0.0.1")
        // Chromium writes its crash database under ~/.config and GTK its dconf cache under
        // ~/.cache, whatever `--user-data-dir` says: keep both in the scratch directory.
        .env("HOME", scratch)
        .env("XDG_CONFIG_HOME", scratch.join("config"))
        .env("XDG_CACHE_HOME", scratch.join("cache"))
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(log_err)
        // Its own process group: Chromium inherits it, so one signal reaches every process.
        .process_group(0)
        .spawn()
        .unwrap_or_else(|err| {
            panic!(
                "could not start {}: {err}; {INSTALL_HINT}",
                chromedriver.display()
            )
        })
}

/// Polls `GET /status` until chromedriver answers 200, it exits, or time runs out.
async fn wait_until_ready(driver: &mut Child, port: u16) -> Result<(), String> {
    let started = Instant::now();
    loop {
        if let Ok(Some(status)) = driver.try_wait() {
            return Err(format!("chromedriver exited with {status}"));
        }
        if status_ok(port).await {
            return Ok(());
        }
        if started.elapsed() > DRIVER_START {
            return Err(format!("no answer on /status within {DRIVER_START:?}"));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn status_ok(port: u16) -> bool {
    // Plain blocking std I/O on a blocking thread keeps tokio's `io-util` feature out.
    tokio::task::spawn_blocking(move || {
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let timeout = Duration::from_secs(2);
        let mut stream = TcpStream::connect_timeout(&address, timeout)?;
        stream.set_read_timeout(Some(timeout))?;
        stream.write_all(b"GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")?;
        // chromedriver keeps the connection open whatever the request says: read the status
        // line only.
        let mut response = Vec::new();
        let mut buffer = [0; 256];
        while !response.contains(&b'\n') {
            let read = stream.read(&mut buffer)?;
            if read == 0 {
                break;
            }
            response.extend_from_slice(&buffer[..read]);
        }
        std::io::Result::Ok(response.starts_with(b"HTTP/1.1 200"))
    })
    .await
    .is_ok_and(|answer| answer.unwrap_or(false))
}

/// Sends SIGTERM to the child's process group, waits up to 3 s for its processes to exit, then
/// SIGKILLs whatever is left. Uses the `kill` utility and `/proc` to stay free of `libc`.
fn kill_group(driver: &mut Child) {
    let group = driver.id();
    signal_group("-TERM", group);
    let deadline = Instant::now() + Duration::from_secs(3);
    let mut reaped = false;
    while Instant::now() < deadline {
        reaped = reaped || matches!(driver.try_wait(), Ok(Some(_)));
        // Chromium's processes are orphaned once chromedriver exits; their zombies wait for
        // init to reap them, which can take a second: only running processes count.
        if reaped && running_in_group(group) == 0 {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    signal_group("-KILL", group);
    let _ = driver.wait();
}

/// How many processes of process group `group` are alive (not zombies), read from `/proc`.
fn running_in_group(group: u32) -> usize {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return 0;
    };
    entries
        .filter_map(|entry| std::fs::read_to_string(entry.ok()?.path().join("stat")).ok())
        .filter(|stat| {
            // `pid (comm) state ppid pgrp …`; comm may contain spaces and parentheses.
            let Some((_, rest)) = stat.rsplit_once(')') else {
                return false;
            };
            let mut fields = rest.split_whitespace();
            let state = fields.next();
            let pgrp = fields.nth(1);
            pgrp == Some(group.to_string().as_str()) && !matches!(state, Some("Z" | "X"))
        })
        .count()
}

/// Runs `kill <signal> -- -<group>`.
fn signal_group(signal: &str, group: u32) {
    let _ = Command::new("kill")
        .args([signal, "--", &format!("-{group}")])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

fn screenshot_dir() -> PathBuf {
    match std::env::var_os("EXPAT_DESK_ARTIFACTS") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir).join("screenshots"),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("target/artifacts/screenshots"),
    }
}

fn read_log(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|err| format!("<unreadable: {err}>"))
}

/// An `XPath` string literal for `text`, whatever quotes it contains.
fn xpath_literal(text: &str) -> String {
    if !text.contains('\'') {
        format!("'{text}'")
    } else if !text.contains('"') {
        format!("\"{text}\"")
    } else {
        let parts: Vec<String> = text.split('\'').map(|part| format!("'{part}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}

fn excerpt(text: &str) -> String {
    const MAX: usize = 2000;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}
