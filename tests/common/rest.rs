//! Shared helpers of the REST (`v2.php`) end-to-end tests: a started server with an admin
//! and its api key, requests in the shapes clients send (urlencoded form, multipart as
//! `curl --form`, query string), and redaction of the parts of an answer that change per run.
//! `common::rest`; it re-exports the harness, so `rest::spawn_app` and `rest::SECURITY_KEY` work.

pub use super::*;

pub const V2: &str = "/main/webservices/api/v2.php";
pub const ADMIN: &str = "admin";
pub const ADMIN_PASSWORD: &str = "admin-pw";

pub struct Rest {
    pub app: TestApp,
    pub http: reqwest::Client,
    pub admin_key: String,
}

/// One answer: status, selected headers, body.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub cors: String,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", self.body))
    }
}

impl Rest {
    /// A server on SQLite with an admin `admin` and its key.
    pub async fn start() -> Rest {
        Self::on(spawn_app().await).await
    }

    /// Every configured backend.
    pub async fn start_all() -> Vec<Rest> {
        let mut out = Vec::new();
        for app in spawn_apps().await {
            out.push(Self::on(app).await);
        }
        out
    }

    /// Every configured backend, and a Chamilo platform when MariaDB is configured.
    pub async fn start_all_and_platform(method: &str) -> Vec<Rest> {
        let mut out = Vec::new();
        for app in spawn_apps_and_platform(method).await {
            out.push(Self::on(app).await);
        }
        out
    }

    pub async fn on(app: TestApp) -> Rest {
        app.create_admin(ADMIN, ADMIN_PASSWORD);
        let mut rest = Rest {
            app,
            http: client(),
            admin_key: String::new(),
        };
        rest.admin_key = rest.authenticate(ADMIN, ADMIN_PASSWORD).await;
        rest
    }

    pub fn url(&self) -> String {
        self.app.url(V2)
    }

    /// `authenticate`; the api key.
    pub async fn authenticate(&self, username: &str, password: &str) -> String {
        let a = self
            .form(&[
                ("action", "authenticate"),
                ("username", username),
                ("password", password),
            ])
            .await;
        a.json()["data"]["apiKey"]
            .as_str()
            .unwrap_or_else(|| panic!("authenticate {username}: {}", a.body))
            .to_owned()
    }

    async fn answer(resp: reqwest::Response) -> Answer {
        let header = |n: &str| {
            resp.headers()
                .get(n)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_owned()
        };
        let (status, content_type, cors) = (
            resp.status().as_u16(),
            header("content-type"),
            header("access-control-allow-origin"),
        );
        Answer {
            status,
            content_type,
            cors,
            body: resp.text().await.unwrap(),
        }
    }

    /// POST `application/x-www-form-urlencoded` (Guzzle `form_params`).
    pub async fn form(&self, fields: &[(&str, &str)]) -> Answer {
        self.form_raw("", urlencode_pairs(fields).into_bytes())
            .await
    }

    /// POST a raw urlencoded body, with an optional query string.
    pub async fn form_raw(&self, query: &str, body: Vec<u8>) -> Answer {
        let url = if query.is_empty() {
            self.url()
        } else {
            format!("{}?{query}", self.url())
        };
        let sent = answers::pairs(&String::from_utf8_lossy(&body));
        let resp = self
            .http
            .post(url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        Self::checked(answers::pairs(query), sent, Self::answer(resp).await)
    }

    /// The answer, once checked against the called action's documentation.
    fn checked(
        query: Vec<(String, String)>,
        body: Vec<(String, String)>,
        answer: Answer,
    ) -> Answer {
        answers::check(&query, &body, answer.status, &answer.body);
        answer
    }

    /// POST `multipart/form-data`, as `curl --form 'name=value'` sends it.
    pub async fn curl_form(&self, fields: &[(&str, &str)]) -> Answer {
        let boundary = "------------------------d74496d66958873e";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                )
                .as_bytes(),
            );
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let resp = self
            .http
            .post(self.url())
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
            .send()
            .await
            .unwrap();
        let sent = fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Self::checked(Vec::new(), sent, Self::answer(resp).await)
    }

    /// GET with a raw query string (`curl --location 'https://…/v2.php?…'`).
    pub async fn get(&self, query: &str) -> Answer {
        let resp = self
            .http
            .get(format!("{}?{query}", self.url()))
            .send()
            .await
            .unwrap();
        Self::checked(answers::pairs(query), Vec::new(), Self::answer(resp).await)
    }

    /// An action called by the admin (urlencoded POST).
    pub async fn admin(&self, action: &str, fields: &[(&str, &str)]) -> Answer {
        self.call(ADMIN, &self.admin_key.clone(), action, fields)
            .await
    }

    /// An action called by `username` with `key`.
    pub async fn call(
        &self,
        username: &str,
        key: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> Answer {
        let mut all = vec![("action", action), ("username", username), ("api_key", key)];
        all.extend_from_slice(fields);
        self.form(&all).await
    }

    /// Creates a student with `save_user`; its id.
    pub async fn create_user(&self, login: &str, password: &str) -> i64 {
        let a = self
            .admin(
                "save_user",
                &[
                    ("loginname", login),
                    ("password", password),
                    ("firstname", "First"),
                    ("lastname", login),
                    ("email", "user@example.com"),
                    ("status", "5"),
                ],
            )
            .await;
        a.json()["data"][0]
            .as_i64()
            .unwrap_or_else(|| panic!("save_user {login}: {}", a.body))
    }

    /// The body with this run's api keys, host and current timestamps replaced.
    pub fn redact(&self, body: &str) -> String {
        let host = self.app.base_url.replace('/', "\\/");
        redact_times(&redact_keys(
            &body
                .replace(&host, "http:\\/\\/HOST")
                .replace(&self.app.base_url, "http://HOST"),
        ))
    }
}

/// PHP-style urlencoding of pairs.
pub fn urlencode_pairs(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

pub fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Every run of exactly 32 lowercase hex characters (api keys) becomes `<KEY>`.
pub fn redact_keys(s: &str) -> String {
    let b = s.as_bytes();
    let is_hex = |c: u8| c.is_ascii_digit() || (b'a'..=b'f').contains(&c);
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        let run = b[i..].iter().take_while(|c| is_hex(**c)).count();
        if run == 32 && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) {
            out.push_str("<KEY>");
            i += 32;
        } else if run > 0 {
            out.push_str(&s[i..i + run]);
            i += run;
        } else {
            let ch = s[i..].chars().next().unwrap();
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

/// `YYYY-MM-DD HH:MM:SS` stamps of today or yesterday (UTC) become `<NOW>`; fixed dates stay.
pub fn redact_times(s: &str) -> String {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        / 86_400;
    let mut out = s.to_owned();
    for d in [days, days - 1] {
        let prefix = civil(d as i64);
        while let Some(pos) = out.find(&prefix) {
            let end = (pos + 19).min(out.len());
            out.replace_range(pos..end, "<NOW>");
        }
    }
    out
}

/// `YYYY-MM-DD` of a day number since 1970-01-01 (Howard Hinnant's civil_from_days).
fn civil(z: i64) -> String {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A transcript of calls and answers, snapshotted as one text.
#[derive(Default)]
pub struct Transcript(String);

impl Transcript {
    pub fn add(&mut self, rest: &Rest, label: &str, a: &Answer) {
        self.0.push_str(&format!("# {label}\n"));
        if a.status != 200 {
            self.0.push_str(&format!("HTTP {}\n", a.status));
        }
        self.0.push_str(&rest.redact(&a.body));
        self.0.push_str("\n\n");
    }

    pub fn text(&self) -> &str {
        &self.0
    }
}
