//! Requests sent byte for byte over a plain TCP connection, so a case can carry anything
//! (invalid UTF-8 in the request target, duplicated headers, a body shorter than its
//! `Content-Length`), and the answer read back without interpretation.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// How the body is framed on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// `Content-Length` of the body (omitted for a bodiless GET).
    Length,
    /// `Transfer-Encoding: chunked`, one chunk.
    Chunked,
    /// `Content-Length` as given, whatever the body's real length; the connection's write
    /// side is closed after the body.
    Claim(u64),
    /// Exactly the bytes of `extra_headers` and body, nothing computed (framing attacks).
    Verbatim,
}

#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// Path and query, raw bytes.
    pub target: Vec<u8>,
    pub content_type: Option<Vec<u8>>,
    pub extra_headers: Vec<(String, Vec<u8>)>,
    pub body: Vec<u8>,
    pub framing: Framing,
}

impl Request {
    pub fn post(target: impl Into<Vec<u8>>, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Request {
            method: "POST".into(),
            target: target.into(),
            content_type: Some(content_type.as_bytes().to_vec()),
            extra_headers: Vec::new(),
            body: body.into(),
            framing: Framing::Length,
        }
    }

    pub fn get(target: impl Into<Vec<u8>>) -> Self {
        Request {
            method: "GET".into(),
            target: target.into(),
            content_type: None,
            extra_headers: Vec::new(),
            body: Vec::new(),
            framing: Framing::Length,
        }
    }

    pub fn method(mut self, m: &str) -> Self {
        self.method = m.into();
        self
    }

    pub fn no_content_type(mut self) -> Self {
        self.content_type = None;
        self
    }

    pub fn header(mut self, name: &str, value: impl Into<Vec<u8>>) -> Self {
        self.extra_headers.push((name.into(), value.into()));
        self
    }

    pub fn framing(mut self, f: Framing) -> Self {
        self.framing = f;
        self
    }

    fn bytes(&self, host: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.body.len() + 512);
        out.extend_from_slice(self.method.as_bytes());
        out.push(b' ');
        out.extend_from_slice(&self.target);
        out.extend_from_slice(
            format!(" HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n").as_bytes(),
        );
        if let Some(ct) = &self.content_type {
            out.extend_from_slice(b"Content-Type: ");
            out.extend_from_slice(ct);
            out.extend_from_slice(b"\r\n");
        }
        for (name, value) in &self.extra_headers {
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b": ");
            out.extend_from_slice(value);
            out.extend_from_slice(b"\r\n");
        }
        match self.framing {
            Framing::Length if self.body.is_empty() && self.method == "GET" => {}
            Framing::Length => {
                out.extend_from_slice(format!("Content-Length: {}\r\n", self.body.len()).as_bytes())
            }
            Framing::Claim(n) => {
                out.extend_from_slice(format!("Content-Length: {n}\r\n").as_bytes())
            }
            Framing::Chunked => out.extend_from_slice(b"Transfer-Encoding: chunked\r\n"),
            Framing::Verbatim => {}
        }
        out.extend_from_slice(b"\r\n");
        if self.framing == Framing::Chunked {
            if !self.body.is_empty() {
                out.extend_from_slice(format!("{:x}\r\n", self.body.len()).as_bytes());
                out.extend_from_slice(&self.body);
                out.extend_from_slice(b"\r\n");
            }
            out.extend_from_slice(b"0\r\n\r\n");
        } else {
            out.extend_from_slice(&self.body);
        }
        out
    }
}

#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
}

impl Response {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// `base_url` is `http://127.0.0.1:PORT`.
pub async fn send(base_url: &str, req: &Request) -> Result<Response, String> {
    let host = base_url.trim_start_matches("http://").trim_end_matches('/');
    let stream = TcpStream::connect(host)
        .await
        .map_err(|e| format!("connect: {e}"))?;
    let (mut rd, mut wr) = stream.into_split();
    let bytes = req.bytes(host);
    // Write while reading: the server may answer (413) before it has read the whole body.
    let writer = tokio::spawn(async move {
        let _ = wr.write_all(&bytes).await;
        let _ = wr.flush().await;
        // keep the write side open until the answer is in, unless the case says otherwise
        wr
    });
    let claim = matches!(req.framing, Framing::Claim(_));
    let mut raw = Vec::new();
    let read = async {
        if claim {
            // a short body: close our side so the server sees the end of the stream
            if let Ok(mut wr) = writer.await {
                let _ = wr.shutdown().await;
            }
        }
        let mut buf = [0u8; 65536];
        loop {
            match rd.read(&mut buf).await {
                Ok(0) => break,
                Ok(n) => raw.extend_from_slice(&buf[..n]),
                Err(e) if raw.is_empty() => return Err(format!("read: {e}")),
                Err(_) => break,
            }
        }
        Ok(())
    };
    tokio::time::timeout(Duration::from_secs(60), read)
        .await
        .map_err(|_| "no answer within 60 s".to_string())??;
    parse(&raw)
}

fn parse(raw: &[u8]) -> Result<Response, String> {
    let head_end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| format!("no complete answer: {:?}", String::from_utf8_lossy(raw)))?;
    let head = String::from_utf8_lossy(&raw[..head_end]);
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("bad status line: {head}"))?;
    let mut content_type = String::new();
    let mut chunked = false;
    for line in lines {
        if let Some((k, v)) = line.split_once(':') {
            let (k, v) = (k.trim().to_ascii_lowercase(), v.trim());
            if k == "content-type" {
                content_type = v.to_owned();
            }
            if k == "transfer-encoding" && v.eq_ignore_ascii_case("chunked") {
                chunked = true;
            }
        }
    }
    let mut body = raw[head_end + 4..].to_vec();
    if chunked {
        body = dechunk(&body)?;
    }
    Ok(Response {
        status,
        content_type,
        body,
    })
}

fn dechunk(mut data: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    loop {
        let eol = data
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or("bad chunk")?;
        let size_text = String::from_utf8_lossy(&data[..eol]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|e| format!("bad chunk size {size_text:?}: {e}"))?;
        data = &data[eol + 2..];
        if size == 0 {
            return Ok(out);
        }
        out.extend_from_slice(data.get(..size).ok_or("short chunk")?);
        data = data.get(size + 2..).ok_or("short chunk")?;
    }
}
