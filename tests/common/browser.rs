//! A real headless Chromium driven over WebDriver (chromedriver, fantoccini) as a person uses a
//! page: typing into inputs, clicking buttons by their text, reading what is shown. Each
//! `Browser` has its own chromedriver on a port it picked itself and its own fresh profile;
//! dropping it kills chromedriver and every Chromium process it started.

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::cookies::Cookie;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// How long a page may take to show what a step waits for (it takes milliseconds here).
const PATIENCE: Duration = Duration::from_secs(15);

/// What Chromium needs on these machines: no display, root (no sandbox), no GPU, and a closed
/// network (no update, sync, component or QUIC traffic, which would only time out).
const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,1600",
];

/// Where screenshots go: `target/screenshots/`, kept by CI. CARGO_TARGET_TMPDIR is
/// `target/tmp` for integration tests.
pub fn screenshots_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("CARGO_TARGET_TMPDIR is under target/")
        .join("screenshots");
    std::fs::create_dir_all(&dir).expect("target/screenshots/ is created");
    dir
}

/// chromedriver, in a process group of its own so that Chromium and its helpers go with it,
/// even when a test panicked before closing its session.
struct Chromedriver {
    child: Child,
    port: u16,
}

impl Chromedriver {
    /// Started on a port it picks (`--port=0`: no race for a port found beforehand), which it
    /// prints on its standard output once it listens.
    fn start(log: &Path) -> Chromedriver {
        let mut child = Command::new(CHROMEDRIVER)
            .arg("--port=0")
            .arg(format!("--log-path={}", log.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("chromedriver starts");
        let mut lines = BufReader::new(child.stdout.take().expect("piped stdout")).lines();
        let mut driver = Chromedriver { child, port: 0 };
        for line in lines.by_ref() {
            let line = line.expect("chromedriver's output");
            if let Some(port) = line
                .strip_prefix("ChromeDriver was started successfully on port ")
                .and_then(|rest| rest.trim_end_matches('.').parse().ok())
            {
                driver.port = port;
                break;
            }
        }
        assert_ne!(
            driver.port,
            0,
            "chromedriver exited without listening:\n{}",
            std::fs::read_to_string(log).unwrap_or_default()
        );
        // whatever it prints later must not fill the pipe and block it
        std::thread::spawn(move || lines.for_each(drop));
        driver
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.wait();
    }
}

/// One Chromium window. Fields drop in order: the session, then chromedriver with Chromium,
/// then the profile directory they used.
pub struct Browser {
    client: Client,
    _driver: Chromedriver,
    _dir: tempfile::TempDir,
}

impl Browser {
    /// A new browser; `None` (with a message) when chromedriver or Chromium is not installed
    /// and CI is not set. In CI their absence is a failure.
    pub async fn start() -> Option<Browser> {
        let installed = Path::new(CHROMEDRIVER).exists() && Path::new(CHROMIUM).exists();
        let what = "headless Chromium (Debian's chromium, chromium-driver)";
        if !super::soap::required(what, installed) {
            return None;
        }
        let dir = tempfile::Builder::new()
            .prefix("gateway-chromium-")
            .tempdir()
            .expect("temp dir");
        let driver = Chromedriver::start(&dir.path().join("chromedriver.log"));
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|f| f.to_string()).collect();
        args.push(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ));
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": CHROMIUM, "args": args },
            // a page that never loads fails the step instead of hanging the test
            "timeouts": { "pageLoad": PATIENCE.as_millis() as u64, "script": 5_000, "implicit": 0 },
        });
        let serde_json::Value::Object(capabilities) = capabilities else {
            unreachable!()
        };
        // chromedriver speaks plain HTTP on loopback: no TLS connector
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await
            .unwrap_or_else(|e| {
                panic!(
                    "no Chromium session ({e}):\n{}",
                    std::fs::read_to_string(dir.path().join("chromedriver.log"))
                        .unwrap_or_default()
                )
            });
        Some(Browser {
            client,
            _driver: driver,
            _dir: dir,
        })
    }

    pub async fn open(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|e| panic!("{url}: {e}"));
    }

    pub async fn reload(&self) {
        self.client.refresh().await.expect("reload");
    }

    /// Types `text` into the input named `name`, replacing what it held.
    pub async fn type_into(&self, name: &str, text: &str) {
        let input = self.wait_for(&format!(r#"input[name="{name}"]"#)).await;
        input.clear().await.expect("clear an input");
        input.send_keys(text).await.expect("type into an input");
    }

    /// Clicks the button whose text is `label`.
    pub async fn click_button(&self, label: &str) {
        let xpath = format!(r#"//button[normalize-space(.)="{label}"]"#);
        let button = match self.client.find(Locator::XPath(&xpath)).await {
            Ok(button) => button,
            Err(e) => panic!("no button {label:?} ({e}) in:\n{}", self.text().await),
        };
        button
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {label:?}: {e}"));
    }

    /// Whether an element matches the CSS selector now.
    pub async fn has(&self, css: &str) -> bool {
        !self
            .client
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_default()
            .is_empty()
    }

    /// The element matching the CSS selector, once the page shows it.
    pub async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        let found = self
            .client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await;
        match found {
            Ok(element) => element,
            Err(e) => panic!("no {css} ({e}) in:\n{}", self.text().await),
        }
    }

    /// The text of the element matching `css`, once it contains `needle`. Read again until
    /// then: right after a click the old page may still be the one shown.
    pub async fn wait_for_text(&self, css: &str, needle: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let shown = match self.client.find(Locator::Css(css)).await {
                Ok(element) => element.text().await.unwrap_or_default(),
                // gone while the next page loads
                Err(_) => String::new(),
            };
            if shown.contains(needle) {
                return shown;
            }
            assert!(
                Instant::now() < deadline,
                "{needle:?} not in {css} after {PATIENCE:?}:\n{}",
                self.text().await
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The text the page shows (the body's).
    pub async fn text(&self) -> String {
        match self.client.find(Locator::Css("body")).await {
            Ok(body) => body.text().await.unwrap_or_default(),
            Err(e) => format!("<no body: {e}>"),
        }
    }

    /// The texts of every element matching `css`.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let mut out = Vec::new();
        for element in self.client.find_all(Locator::Css(css)).await.unwrap() {
            out.push(element.text().await.unwrap_or_default());
        }
        out
    }

    /// The page's HTML as the browser holds it.
    pub async fn source(&self) -> String {
        self.client.source().await.expect("page source")
    }

    /// The cookies the browser keeps for the page's site (HttpOnly ones too).
    pub async fn cookies(&self) -> Vec<Cookie<'static>> {
        self.client.get_all_cookies().await.expect("cookies")
    }

    /// Forgets every cookie of the page's site: cookies are per host, not per port, and every
    /// test server is on 127.0.0.1.
    pub async fn forget_cookies(&self) {
        self.client
            .delete_all_cookies()
            .await
            .expect("delete cookies");
    }

    /// Saves what the window shows as `target/screenshots/<name>.png`; its path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.expect("a screenshot");
        let path = screenshots_dir().join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        path
    }

    /// Ends the session (Chromium quits); chromedriver goes when the browser is dropped.
    pub async fn close(self) {
        self.client.close().await.expect("close the session");
    }
}
