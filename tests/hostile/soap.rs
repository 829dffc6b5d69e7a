//! The SOAP hostile-input corpus, generated: the attacks every SOAP service gets, aimed at a
//! [`Target`], and soap.php's own (`WSUser.CreateUser`'s part shapes, payloads in every part of
//! every operation). registration.soap.php's target and own cases are in `registration.rs`.
//!
//! Most cases are built from a *valid, authorised* call that creates the user "evil": if the
//! server accepted any of them, a row would appear and the database check would fail. Cases
//! where a lenient parser could legitimately accept the XML carry a wrong key instead, so they
//! must end in the key fault whatever the parser makes of them.

use chamilo_soap::ws_service::SERVICE;

use super::cases::{short, Case, Expect, PAYLOADS};
use super::wire::{Framing, Request};
use crate::common::soap::{a, create_user_call, envelope, key, s, P};

const XML: &str = "text/xml; charset=utf-8";

/// A well-formed key that is not the caller's.
pub const WRONG_KEY: &str = "0000000000000000000000000000000000000000";

/// An authorised call creating user "evil" on one SOAP endpoint, which the strict cases
/// corrupt, and the markers in it the corruptions need.
#[derive(Clone)]
pub struct Target {
    pub endpoint: &'static str,
    /// The namespace of the wrapper's `ns1` prefix.
    pub namespace: &'static str,
    /// The operation called, and another of the service (for a mismatched end tag).
    pub op: &'static str,
    pub other_op: &'static str,
    /// The call, and the same call without its key.
    pub valid: String,
    pub no_key: String,
    /// The text just before an int value `5` in the call (its end: `5<`).
    pub int_mark: &'static str,
    /// The name of the call's array member, and that member as sent (empty).
    pub array: &'static str,
    pub array_empty: String,
    /// Whether the service reads its call leniently: unknown elements ignored, a repeated
    /// member read once (registration.soap.php, as the original's NuSOAP; only a compound
    /// value where its WSDL has a simple one is refused). soap.php checks its parts' shapes.
    pub lenient_members: bool,
}

/// soap.php's target: `WSUser.CreateUser`.
fn ws_service() -> Target {
    Target {
        endpoint: "/main/webservices/soap.php",
        namespace: "urn:WSService",
        op: "WSUser.CreateUser",
        other_op: "WSUser.DeleteUser",
        valid: valid(),
        no_key: envelope(
            "WSUser.CreateUser",
            &create_user_call("evil", "EVIL-1")[1..],
        ),
        int_mark: r#"xsd:int">"#,
        array: "extras",
        array_empty:
            r#"<extras SOAP-ENC:arrayType="ns1:extras[0]" xsi:type="SOAP-ENC:Array"></extras>"#
                .into(),
        lenient_members: false,
    }
}

/// soap.php's authorised call every strict case is a corruption of.
pub fn valid() -> String {
    envelope("WSUser.CreateUser", &create_user_call("evil", "EVIL-1"))
}

impl Target {
    /// The same call with a wrong key.
    pub fn bad_key(&self) -> String {
        self.valid.replace(&key(), WRONG_KEY)
    }

    pub fn post(&self, body: impl Into<Vec<u8>>) -> Request {
        Request::post(self.endpoint, XML, body)
    }

    /// The call with the first `from` replaced by `to`.
    pub fn edit(&self, from: &str, to: &str) -> String {
        let v = &self.valid;
        assert!(v.contains(from), "{from} not in the valid call");
        v.replacen(from, to, 1)
    }

    fn bytes_edit(&self, from: &str, to: &[u8]) -> Vec<u8> {
        let v = &self.valid;
        let at = v.find(from).expect("marker");
        let mut out = v.as_bytes()[..at].to_vec();
        out.extend_from_slice(to);
        out.extend_from_slice(&v.as_bytes()[at + from.len()..]);
        out
    }

    fn with_dtd(&self, dtd: &str, firstname: &str) -> String {
        self.edit(PROLOG_END, &format!("?>\n{dtd}\n"))
            .replacen(FIRSTNAME, firstname, 1)
    }

    /// A case that only a check of the call's members refuses: as it is where members are
    /// checked, with a wrong key (and said so) where they are read leniently.
    fn members_case(&self, name: &str, from: &str, to: &str) -> (String, String) {
        let body = self.edit(from, to);
        if self.lenient_members {
            (
                format!("{name} (wrong key)"),
                body.replace(&key(), WRONG_KEY),
            )
        } else {
            (name.to_owned(), body)
        }
    }

    /// `xmlns:ns1="<namespace>"`
    fn ns_decl(&self) -> String {
        format!("xmlns:ns1=\"{}\"", self.namespace)
    }

    /// The wrapper's end tag.
    fn close(&self) -> String {
        format!("</ns1:{}>", self.op)
    }
}

pub struct Corpus {
    cases: Vec<Case>,
    t: Target,
}

impl Corpus {
    pub fn new(t: Target) -> Corpus {
        Corpus {
            cases: Vec::new(),
            t,
        }
    }

    pub fn target(&self) -> &Target {
        &self.t
    }

    pub fn add(
        &mut self,
        category: &'static str,
        name: impl Into<String>,
        req: Request,
        expect: Expect,
    ) {
        self.cases.push(Case {
            category,
            name: name.into(),
            req,
            expect,
        });
    }

    pub fn fault(
        &mut self,
        category: &'static str,
        name: impl Into<String>,
        body: impl Into<Vec<u8>>,
    ) {
        let req = self.t.post(body);
        self.add(category, name, req, Expect::Fault);
    }
}

pub const FIRSTNAME: &str = "First evil";
const PROLOG_END: &str = "?>\n";

pub fn cases() -> Vec<Case> {
    corpus(ws_service(), shapes, payloads)
}

/// Every attack on `t`, with the service's own part shapes and payload cases, in one order.
pub fn corpus(t: Target, own_shapes: fn(&mut Corpus), own_payloads: fn(&mut Corpus)) -> Vec<Case> {
    let mut c = Corpus::new(t);
    malformed(&mut c);
    doctype(&mut c);
    nesting(&mut c);
    huge(&mut c);
    encoding(&mut c);
    content_types(&mut c);
    duplicates(&mut c);
    soap12(&mut c);
    own_shapes(&mut c);
    keys(&mut c);
    own_payloads(&mut c);
    oversized(&mut c);
    framing(&mut c);
    c.cases
}

fn malformed(c: &mut Corpus) {
    let t = c.t.clone();
    let cat = "malformed/truncated XML";
    let v = t.valid.clone();
    let last = v.rfind('>').unwrap();
    for k in 1..=24 {
        let at = last * k / 25;
        c.fault(
            cat,
            format!("truncated at byte {at}"),
            v.as_bytes()[..at].to_vec(),
        );
    }
    c.fault(
        cat,
        "truncated before the last >",
        v.as_bytes()[..last].to_vec(),
    );
    c.fault(cat, "empty body", "");
    c.fault(cat, "whitespace body", " \r\n\t ");
    let strict: &[(&str, &str, &str)] = &[
        ("mismatched end tag", "</loginname>", "</login>"),
        ("missing end tag", "</firstname>", ""),
        (
            "unclosed attribute quote",
            r#"xsi:type="xsd:string">First"#,
            r#"xsi:type="xsd:string>First"#,
        ),
        (
            "attribute without value",
            "<firstname ",
            "<firstname checked ",
        ),
        (
            "duplicate attribute",
            "<firstname ",
            r#"<firstname xsi:type="a" "#,
        ),
        ("bare < in text", FIRSTNAME, "First < evil"),
        ("bare & in text", FIRSTNAME, "First & evil"),
        ("char ref to NUL", FIRSTNAME, "First &#0; evil"),
        ("char ref to a surrogate", FIRSTNAME, "First &#xD800; evil"),
        (
            "char ref beyond Unicode",
            FIRSTNAME,
            "First &#x110000; evil",
        ),
        ("char ref not a number", FIRSTNAME, "First &#xZZ; evil"),
        (
            "two root elements",
            "</SOAP-ENV:Envelope>",
            "</SOAP-ENV:Envelope><SOAP-ENV:Envelope/>",
        ),
        (
            "text after the root",
            "</SOAP-ENV:Envelope>",
            "</SOAP-ENV:Envelope>trailing",
        ),
        ("text before the root", PROLOG_END, "?>\nleading"),
        (
            "unterminated comment",
            "<firstname ",
            "<!-- never closed <firstname ",
        ),
        ("unterminated CDATA", FIRSTNAME, "<![CDATA[First evil"),
        (
            "unterminated processing instruction",
            "<firstname ",
            "<?pi never closed <firstname ",
        ),
        ("empty end tag", "</firstname>", "</>"),
        ("empty tag", "<firstname ", "<><firstname "),
        (
            "end tag with attributes",
            "</firstname>",
            r#"</firstname a="b">"#,
        ),
        (
            "unclosed start tag",
            "<firstname xsi:type=\"xsd:string\">",
            "<firstname xsi:type=\"xsd:string\"",
        ),
        (
            "Body closed twice",
            "</SOAP-ENV:Body>",
            "</SOAP-ENV:Body></SOAP-ENV:Body>",
        ),
        ("Envelope never closed", "</SOAP-ENV:Envelope>", ""),
        (
            "end tag of another element",
            &t.close(),
            &format!("</ns1:{}>", t.other_op),
        ),
    ];
    for (name, from, to) in strict {
        c.fault(cat, *name, t.edit(from, to));
    }
    // A lenient parser could accept these; with a wrong key they must still fault.
    let lenient: &[(&str, &str, &str)] = &[
        (
            "raw control characters in text",
            FIRSTNAME,
            "First \u{1}\u{8} evil",
        ),
        ("]]> in text", FIRSTNAME, "First ]]> evil"),
        (
            "element name starting with a digit",
            "</loginname>",
            "</loginname><1x>y</1x>",
        ),
        (
            "undeclared prefix",
            "<firstname ",
            "<undeclared:firstname2>x</undeclared:firstname2><firstname ",
        ),
        (
            "XML declaration not first",
            "<SOAP-ENV:Envelope",
            "<?xml version=\"1.0\"?><SOAP-ENV:Envelope",
        ),
        ("char ref to U+FFFE", FIRSTNAME, "First &#xFFFE; evil"),
        (
            "stylesheet processing instruction",
            PROLOG_END,
            "?>\n<?xml-stylesheet type=\"text/xsl\" href=\"http://127.0.0.1:9/x.xsl\"?>\n",
        ),
    ];
    let bad = t.bad_key();
    for (name, from, to) in lenient {
        c.fault(
            cat,
            format!("{name} (wrong key)"),
            bad.replacen(from, to, 1),
        );
    }
}

fn doctype(c: &mut Corpus) {
    let t = c.t.clone();
    let cat = "DOCTYPE/XXE/entities";
    let dtds: &[(&str, &str, &str)] = &[
        (
            "internal entity",
            r#"<!DOCTYPE x [<!ENTITY e "evil">]>"#,
            "&e;",
        ),
        (
            "external entity file",
            r#"<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>"#,
            "&e;",
        ),
        (
            "external entity http",
            r#"<!DOCTYPE x [<!ENTITY e SYSTEM "http://127.0.0.1:9/e">]>"#,
            "&e;",
        ),
        (
            "public external entity",
            r#"<!DOCTYPE x [<!ENTITY e PUBLIC "-//X//Y" "file:///etc/hostname">]>"#,
            "&e;",
        ),
        (
            "parameter entity",
            r#"<!DOCTYPE x [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>"#,
            FIRSTNAME,
        ),
        (
            "external DTD subset",
            r#"<!DOCTYPE x SYSTEM "http://127.0.0.1:9/x.dtd">"#,
            FIRSTNAME,
        ),
        (
            "lower-case doctype",
            r#"<!doctype x [<!ENTITY e "evil">]>"#,
            "&e;",
        ),
        (
            "unparsed entity",
            r#"<!DOCTYPE x [<!NOTATION n SYSTEM "x"><!ENTITY e SYSTEM "file:///etc/passwd" NDATA n>]>"#,
            FIRSTNAME,
        ),
        (
            "attribute default",
            r#"<!DOCTYPE x [<!ATTLIST firstname xsi:type CDATA "xsd:string">]>"#,
            FIRSTNAME,
        ),
    ];
    for (name, dtd, first) in dtds {
        c.fault(cat, *name, t.with_dtd(dtd, first));
    }
    let mut laughs = String::from("<!DOCTYPE x [<!ENTITY l0 \"lol\">");
    for i in 1..=10 {
        let prev = format!("&l{};", i - 1).repeat(10);
        laughs.push_str(&format!("<!ENTITY l{i} \"{prev}\">"));
    }
    laughs.push_str("]>");
    c.fault(cat, "billion laughs", t.with_dtd(&laughs, "&l10;"));
    let blob = "x".repeat(20_000);
    c.fault(
        cat,
        "quadratic blowup",
        t.with_dtd(
            &format!(r#"<!DOCTYPE x [<!ENTITY b "{blob}">]>"#),
            &"&b;".repeat(5_000),
        ),
    );
    c.fault(
        cat,
        "DOCTYPE inside the Body",
        t.edit("<SOAP-ENV:Body>", "<SOAP-ENV:Body><!DOCTYPE y>"),
    );
    let undeclared: &[(&str, &str, &str)] = &[
        ("undeclared entity in text", FIRSTNAME, "&xxe;"),
        ("HTML entity in text", FIRSTNAME, "First&nbsp;evil"),
        (
            "undeclared entity in attribute",
            r#"xsi:type="xsd:string">First"#,
            r#"xsi:type="&xxe;">First"#,
        ),
        (
            "XInclude element",
            FIRSTNAME,
            r#"<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/>"#,
        ),
    ];
    for (name, from, to) in undeclared {
        c.fault(cat, *name, t.edit(from, to));
    }
}

fn nesting(c: &mut Corpus) {
    let t = c.t.clone();
    let cat = "deep nesting/references";
    let deep = |n: usize, tag: &str| {
        format!(
            "{}x{}",
            format!("<{tag}>").repeat(n),
            format!("</{tag}>").repeat(n)
        )
    };
    c.fault(
        cat,
        "10k-deep inside a part",
        t.edit(FIRSTNAME, &deep(10_000, "a")),
    );
    c.fault(
        cat,
        "10k-deep item arrays in extras",
        t.edit(
            &t.array_empty,
            &format!("<{a}>{}</{a}>", deep(10_000, "item"), a = t.array),
        ),
    );
    c.fault(
        cat,
        "10k-deep directly under the Envelope",
        t.edit(
            "<SOAP-ENV:Body>",
            &format!("{}<SOAP-ENV:Body>", deep(10_000, "h")),
        ),
    );
    c.fault(
        cat,
        "65 levels, one past the bound",
        t.edit(FIRSTNAME, &deep(62, "a")),
    );
    // multiRef tricks, in the extras array of the authorised call
    let with_refs = |href: &str, targets: &str| {
        t.edit(&t.array_empty, &format!("<{} href=\"{href}\"/>", t.array))
            .replacen(&t.close(), &format!("{}{targets}", t.close()), 1)
    };
    let mut chain = String::new();
    for i in 0..200 {
        chain.push_str(&format!(
            r##"<multiRef id="r{i}" SOAP-ENC:root="0"><v href="#r{}"/></multiRef>"##,
            i + 1
        ));
    }
    chain.push_str(r#"<multiRef id="r200" SOAP-ENC:root="0">end</multiRef>"#);
    c.fault(cat, "200-hop href chain", with_refs("#r0", &chain));
    c.fault(cat, "href cycle", with_refs(
        "#a",
        r##"<multiRef id="a" SOAP-ENC:root="0"><v href="#b"/></multiRef><multiRef id="b" SOAP-ENC:root="0"><v href="#a"/></multiRef>"##,
    ));
    c.fault(
        cat,
        "href to itself",
        with_refs(
            "#s",
            r##"<multiRef id="s" SOAP-ENC:root="0"><v href="#s"/></multiRef>"##,
        ),
    );
    c.fault(cat, "href to a missing id", with_refs("#nowhere", ""));
    c.fault(cat, "href without #", with_refs("http://127.0.0.1:9/x", ""));
    let mut fan = String::new();
    for i in 0..24 {
        fan.push_str(&format!(
            r##"<multiRef id="f{i}" SOAP-ENC:root="0" xsi:type="SOAP-ENC:Array"><item href="#f{n}"/><item href="#f{n}"/></multiRef>"##,
            n = i + 1
        ));
    }
    fan.push_str(r#"<multiRef id="f24" SOAP-ENC:root="0">leaf</multiRef>"#);
    c.fault(
        cat,
        "exponential multiRef fan-out (2^24 values)",
        with_refs("#f0", &fan),
    );
    let (name, body) = t.members_case("100k+ sibling elements", FIRSTNAME, &"<i/>".repeat(100_001));
    c.fault(cat, name, body);
    // Under the element bound but wide: must be answered quickly (a quadratic member merge
    // would take minutes). Wrong key, so the outcome is fault 1 either way.
    let wide: String = (0..90_000).map(|i| format!("<p{i}/>")).collect();
    c.fault(
        cat,
        "90k distinct parts (wrong key)",
        t.bad_key()
            .replacen("<firstname ", &format!("{wide}<firstname "), 1),
    );
    let map: String = (0..30_000)
        .map(|i| format!("<item><key>k{i}</key><value>v</value></item>"))
        .collect();
    c.fault(
        cat,
        "30k-key apache Map (wrong key)",
        t.bad_key().replacen(
            &t.array_empty,
            &format!(r#"<{a} xsi:type="apache:Map">{map}</{a}>"#, a = t.array),
            1,
        ),
    );
}

fn huge(c: &mut Corpus) {
    let t = c.t.clone();
    let cat = "huge names/values";
    let mb = "A".repeat(1 << 20);
    let bad = t.bad_key();
    c.fault(
        cat,
        "1 MiB attribute value (wrong key)",
        bad.replacen(
            r#"<firstname xsi:type="xsd:string""#,
            &format!(r#"<firstname data="{mb}" xsi:type="xsd:string""#),
            1,
        ),
    );
    c.fault(
        cat,
        "1 MiB text value (wrong key)",
        bad.replacen(FIRSTNAME, &mb, 1),
    );
    c.fault(
        cat,
        "1 MiB CDATA (wrong key)",
        bad.replacen(FIRSTNAME, &format!("<![CDATA[{mb}]]>"), 1),
    );
    c.fault(
        cat,
        "1 MiB comment (wrong key)",
        bad.replacen("<firstname ", &format!("<!--{mb}--><firstname "), 1),
    );
    let (name, body) = t.members_case(
        "1 MiB element name",
        "<firstname ",
        &format!("<{mb}/><firstname "),
    );
    c.fault(cat, name, body);
    c.fault(
        cat,
        "1 MiB operation name",
        t.edit(&format!("{}>", t.op), &format!("{mb}>")).replacen(
            &t.close(),
            &format!("</ns1:{mb}>"),
            1,
        ),
    );
    c.fault(
        cat,
        "1 MiB namespace URI (wrong key)",
        bad.replacen(&t.ns_decl(), &format!("xmlns:ns1=\"urn:{mb}\""), 1),
    );
    let attrs: String = (0..50_000).map(|i| format!(" a{i}=\"v\"")).collect();
    c.fault(
        cat,
        "50k attributes on one element (wrong key)",
        bad.replacen("<firstname ", &format!("<firstname{attrs} "), 1),
    );
    c.fault(
        cat,
        "100k-digit status (wrong key)",
        bad.replacen(
            &format!("{}5<", t.int_mark),
            &format!("{}{}<", t.int_mark, "9".repeat(100_000)),
            1,
        ),
    );
    c.fault(cat, "1 MiB secret_key", t.edit(&key(), &mb));
    c.fault(
        cat,
        "1 MiB of whitespace then garbage",
        format!("{}<x", " ".repeat(1 << 20)),
    );
}

fn encoding(c: &mut Corpus) {
    let t = c.t.clone();
    let cat = "invalid UTF-8/encodings";
    let bad_bytes: &[(&str, &[u8])] = &[
        ("0xFF byte", b"\xFF"),
        ("overlong / (2 bytes)", b"\xC0\xAF"),
        ("overlong / (3 bytes)", b"\xE0\x80\xAF"),
        ("overlong / (4 bytes)", b"\xF0\x80\x80\xAF"),
        ("5-byte sequence", b"\xF8\x88\x80\x80\xAF"),
        ("UTF-16 surrogate", b"\xED\xA0\x80"),
        ("lone continuation byte", b"\x80"),
        ("truncated sequence", b"\xE2\x82"),
        ("code point above U+10FFFF", b"\xF4\x90\x80\x80"),
        ("overlong NUL", b"\xC0\x80"),
    ];
    for (name, b) in bad_bytes {
        c.fault(cat, format!("{name} in text"), t.bytes_edit(FIRSTNAME, b));
    }
    c.fault(
        cat,
        "invalid byte in an element name",
        t.bytes_edit("<firstname ", b"<first\xC0\xAFname "),
    );
    c.fault(
        cat,
        "invalid byte in an attribute",
        t.bytes_edit("xsd:string\">First", b"xsd:\xFFstring\">First"),
    );
    c.fault(
        cat,
        "invalid byte in a comment",
        t.bytes_edit("<firstname ", b"<!-- \xFF --><firstname "),
    );
    let mut tail = t.valid.clone().into_bytes();
    tail.extend_from_slice(b"\xE2\x82");
    c.fault(cat, "truncated sequence at the very end", tail);
    let mut le = vec![0xFF, 0xFE];
    for u in t.valid.clone().encode_utf16() {
        le.extend_from_slice(&u.to_le_bytes());
    }
    c.fault(cat, "UTF-16LE body", le);
    let mut be = vec![0xFE, 0xFF];
    for u in t.valid.clone().encode_utf16() {
        be.extend_from_slice(&u.to_be_bytes());
    }
    c.fault(cat, "UTF-16BE body", be);
    for enc in ["UTF-16", "EBCDIC-US", "UTF-7", "x-unknown", "ISO-2022-JP"] {
        c.fault(
            cat,
            format!("declared encoding {enc}"),
            t.edit(r#"encoding="UTF-8""#, &format!(r#"encoding="{enc}""#)),
        );
    }
    let no_decl = t
        .valid
        .clone()
        .replacen(r#"<?xml version="1.0" encoding="UTF-8"?>"#, "", 1);
    for cs in ["utf-16", "klingon", "ebcdic"] {
        c.add(
            cat,
            format!("HTTP charset {cs} without a declaration"),
            Request::post(
                t.endpoint,
                &format!("text/xml; charset={cs}"),
                no_decl.clone(),
            ),
            Expect::Fault,
        );
    }
    c.fault(cat, "BOM then invalid byte", {
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice(&t.bytes_edit(FIRSTNAME, b"\xC3"));
        b
    });
}

fn content_types(c: &mut Corpus) {
    let t = c.t.clone();
    let cat = "wrong content types";
    for ct in [
        "application/json",
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "",
        "application/soap+xml; charset=utf-8; action=\"x\"",
        "text/html",
        "text/xml; charset=\"utf-8",
    ] {
        c.add(
            cat,
            format!("{ct:?} (wrong key)"),
            Request::post(t.endpoint, ct, t.bad_key()),
            Expect::Fault,
        );
    }
    c.add(
        cat,
        "no content type (wrong key)",
        t.post(t.bad_key()).no_content_type(),
        Expect::Fault,
    );
    c.add(
        cat,
        "non-ASCII content type (wrong key)",
        t.post(t.bad_key())
            .no_content_type()
            .header("Content-Type", b"text/xml; charset=\xFFutf".to_vec()),
        Expect::Fault,
    );
    let json = format!(
        r#"{{"secret_key":"{}","loginname":"evil","password":"secret-pw","firstname":"a","lastname":"b","status":5}}"#,
        key()
    );
    c.add(
        cat,
        "JSON body as text/xml",
        t.post(json.clone()),
        Expect::Fault,
    );
    c.add(
        cat,
        "JSON body as application/json",
        Request::post(t.endpoint, "application/json", json),
        Expect::Fault,
    );
    let form = format!(
        "secret_key={}&loginname=evil&password=secret-pw&firstname=a&lastname=b&status=5",
        key()
    );
    c.add(
        cat,
        "form body",
        Request::post(t.endpoint, "application/x-www-form-urlencoded", form),
        Expect::Fault,
    );
    let multipart = format!(
        "--x\r\nContent-Disposition: form-data; name=\"envelope\"\r\n\r\n{}\r\n--x--\r\n",
        t.valid.clone()
    );
    c.add(
        cat,
        "envelope inside multipart",
        Request::post(t.endpoint, "multipart/form-data; boundary=x", multipart),
        Expect::Fault,
    );
}

fn duplicates(c: &mut Corpus) {
    let t = c.t.clone();
    let cat = "duplicated parts";
    let k = format!(
        r#"<secret_key xsi:type="xsd:string">{}</secret_key>"#,
        key()
    );
    c.fault(cat, "secret_key twice", t.edit(&k, &format!("{k}{k}")));
    let (name, body) = t.members_case(
        "loginname twice",
        "</loginname>",
        "</loginname><loginname>evil2</loginname>",
    );
    c.fault(cat, name, body);
    c.fault(
        cat,
        "xmlns declared twice on one element",
        t.edit(
            &t.ns_decl(),
            &format!("{} xmlns:ns1=\"urn:other\"", t.ns_decl()),
        ),
    );
    let v = t.valid.clone();
    let body_start = v.find("<SOAP-ENV:Body>").unwrap();
    let body_end = v.find("</SOAP-ENV:Body>").unwrap() + "</SOAP-ENV:Body>".len();
    let good_body = &v[body_start..body_end];
    let b = t.bad_key();
    let bad_body = &b[body_start..body_end];
    c.fault(
        cat,
        "two Bodies, the first with a wrong key",
        v.replacen(good_body, &format!("{bad_body}{good_body}"), 1),
    );
    let bad_op = &bad_body["<SOAP-ENV:Body>".len()..bad_body.len() - "</SOAP-ENV:Body>".len()];
    let good_op = &good_body["<SOAP-ENV:Body>".len()..good_body.len() - "</SOAP-ENV:Body>".len()];
    c.fault(
        cat,
        "two calls in one Body, the first with a wrong key",
        v.replacen(good_op, &format!("{bad_op}{good_op}"), 1),
    );
    c.fault(cat, "two Envelopes", format!("{v}{v}"));
    // quick-xml (and so the decoder) accepts a second declaration: wrong key
    c.fault(
        cat,
        "two XML declarations (wrong key)",
        format!("<?xml version=\"1.0\"?>\n{b}"),
    );
    c.add(
        cat,
        "Content-Type twice (wrong key)",
        t.post(t.bad_key())
            .header("Content-Type", "application/json"),
        Expect::Fault,
    );
    c.add(
        cat,
        "SOAPAction twice (wrong key)",
        t.post(t.bad_key())
            .header("SOAPAction", "\"a\"")
            .header("SOAPAction", "\"b\""),
        Expect::Fault,
    );
    let twice = r#"<multiRef id="d" SOAP-ENC:root="0">1</multiRef><multiRef id="d" SOAP-ENC:root="0">2</multiRef>"#;
    c.fault(
        cat,
        "two multiRefs with one id (wrong key)",
        t.bad_key()
            .replacen(&t.array_empty, &format!("<{} href=\"#d\"/>", t.array), 1)
            .replacen(&t.close(), &format!("{}{twice}", t.close()), 1),
    );
}

fn soap12(c: &mut Corpus) {
    let t = c.t.clone();
    let cat = "SOAP 1.2 envelopes";
    let twelve = |body: String| {
        body.replace(
            "http://schemas.xmlsoap.org/soap/envelope/",
            "http://www.w3.org/2003/05/soap-envelope",
        )
        .replace("SOAP-ENV:", "env:")
        .replace("xmlns:SOAP-ENV", "xmlns:env")
    };
    let soap12_ct = &format!(
        "application/soap+xml; charset=utf-8; action=\"{}#{}\"",
        t.namespace, t.op
    );
    c.add(
        cat,
        "SOAP 1.2 CreateUser (wrong key)",
        Request::post(t.endpoint, soap12_ct, twelve(t.bad_key())),
        Expect::Fault,
    );
    c.add(
        cat,
        "SOAP 1.2 as text/xml (wrong key)",
        t.post(twelve(t.bad_key())),
        Expect::Fault,
    );
    let no_key = t.no_key.clone();
    c.add(
        cat,
        "SOAP 1.2 without a key",
        Request::post(t.endpoint, soap12_ct, twelve(no_key)),
        Expect::Fault,
    );
    let header = format!(
        r#"<env:Header><wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" env:mustUnderstand="true"><secret_key>{}</secret_key></wsse:Security></env:Header><env:Body>"#,
        key()
    );
    c.add(
        cat,
        "SOAP 1.2 with the key in a mustUnderstand header only",
        Request::post(
            t.endpoint,
            soap12_ct,
            twelve(t.bad_key()).replacen("<env:Body>", &header, 1),
        ),
        Expect::Fault,
    );
    c.add(cat, "SOAP 1.2 Fault as a request", Request::post(t.endpoint, soap12_ct, r#"<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body><env:Fault><env:Code><env:Value>env:Sender</env:Value></env:Code></env:Fault></env:Body></env:Envelope>"#), Expect::Fault);
    c.add(cat, "SOAP 1.2 Body without a call", Request::post(t.endpoint, soap12_ct, r#"<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body/></env:Envelope>"#), Expect::Fault);
    c.add(cat, "SOAP 1.2 upgrade envelope", Request::post(t.endpoint, soap12_ct, r#"<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Header><env:Upgrade><env:SupportedEnvelope qname="ns1:Envelope" xmlns:ns1="http://www.w3.org/2003/05/soap-envelope"/></env:Upgrade></env:Header></env:Envelope>"#), Expect::Fault);
}

fn shapes(c: &mut Corpus) {
    let t = c.t.clone();
    let cat = "array/scalar confusion";
    let k = format!(
        r#"<secret_key xsi:type="xsd:string">{}</secret_key>"#,
        key()
    );
    let extras_empty =
        r#"<extras SOAP-ENC:arrayType="ns1:extras[0]" xsi:type="SOAP-ENC:Array"></extras>"#;
    c.fault(
        cat,
        "firstname as a struct",
        t.edit(
            &format!(r#"<firstname xsi:type="xsd:string">{FIRSTNAME}</firstname>"#),
            "<firstname><a>First</a><b>evil</b></firstname>",
        ),
    );
    c.fault(cat, "loginname as a SOAP array", t.edit(r#"<loginname xsi:type="xsd:string">evil</loginname>"#, r#"<loginname xsi:type="SOAP-ENC:Array" SOAP-ENC:arrayType="xsd:string[1]"><item>evil</item></loginname>"#));
    c.fault(
        cat,
        "secret_key as an array holding the key",
        t.edit(
            &k,
            &format!(
                r#"<secret_key xsi:type="SOAP-ENC:Array"><item>{}</item></secret_key>"#,
                key()
            ),
        ),
    );
    c.fault(cat, "secret_key as an apache Map", t.edit(&k, &format!(r#"<secret_key xsi:type="apache:Map"><item><key>k</key><value>{}</value></item></secret_key>"#, key())));
    c.fault(
        cat,
        "secret_key nil",
        t.edit(&k, r#"<secret_key xsi:nil="true"/>"#),
    );
    c.fault(
        cat,
        "extras as a scalar",
        t.edit(extras_empty, "<extras>x</extras>"),
    );
    c.fault(
        cat,
        "password as a struct",
        t.edit(
            r#"<password xsi:type="xsd:string">secret-pw</password>"#,
            "<password><hash>x</hash></password>",
        ),
    );
    let users = envelope(
        "WSUser.CreateUsers",
        &[s("secret_key", key()), s("users", "evil")],
    );
    c.fault(cat, "users as a scalar", users);
    let courses = envelope(
        "WSCourse.CreateCourses",
        &[s("secret_key", key()), s("courses", "evil")],
    );
    c.fault(cat, "courses as a scalar", courses);
    let user_ref = envelope(
        "WSUser.DeleteUser",
        &[
            s("secret_key", key()),
            a(
                "user_id_field_name",
                "x",
                vec![vec![s("v", "external_user_id")]],
            ),
            s("user_id_value", "SEED-1"),
        ],
    );
    c.fault(cat, "user_id_field_name as an array", user_ref);
    let sess = envelope(
        "WSSession.DeleteSession",
        &[
            s("secret_key", key()),
            s("session_id_field_name", "external_session_id"),
            a("session_id_value", "x", vec![vec![s("v", "SEED-S")]]),
        ],
    );
    c.fault(cat, "session_id_value as an array", sess);
}

fn keys(c: &mut Corpus) {
    let t = c.t.clone();
    let cat = "wrong/malformed secret_key";
    let good = key();
    let sha1 = chamilo_core::passwords::sha1_hex;
    let wrong = [
        ("empty", String::new()),
        (
            "one character changed",
            format!(
                "{}{}",
                &good[..39],
                if good.ends_with('0') { '1' } else { '0' }
            ),
        ),
        ("39 characters", good[..39].to_owned()),
        ("41 characters", format!("{good}0")),
        (
            "salted with another IP",
            sha1(&format!("10.0.0.1{}", crate::common::SECURITY_KEY)),
        ),
        (
            "hash of the security key alone",
            sha1(crate::common::SECURITY_KEY),
        ),
        ("hash of the IP alone", sha1("127.0.0.1")),
        (
            "the raw security key",
            crate::common::SECURITY_KEY.to_owned(),
        ),
        ("spaces around a wrong key", "  deadbeef  ".to_owned()),
        ("0", "0".to_owned()),
        (
            "0e-style magic hash",
            "0e462097431906509019562988736854".to_owned(),
        ),
        ("wildcard", "*".to_owned()),
        ("percent", "%".to_owned()),
        ("SQL", "' OR '1'='1".to_owned()),
        ("non-ASCII", "ключ-🔑".to_owned()),
        (
            "the key with a leading byte-order mark",
            format!("\u{FEFF}{good}"),
        ),
    ];
    for (name, k) in wrong {
        let body = t.edit(
            &format!(">{good}<"),
            &format!(">{}<", k.replace('&', "&amp;").replace('<', "&lt;")),
        );
        c.fault(cat, name, body);
    }
    c.fault(
        cat,
        "the key in a SOAP Header only",
        t.edit(&format!(">{good}<"), "><").replacen(
            "<SOAP-ENV:Body>",
            &format!(
                "<SOAP-ENV:Header><secret_key>{good}</secret_key></SOAP-ENV:Header><SOAP-ENV:Body>"
            ),
            1,
        ),
    );
    c.fault(
        cat,
        "the key as an attribute only",
        t.edit(&format!(">{good}<"), "><").replacen(
            &format!("<ns1:{}>", t.op),
            &format!("<ns1:{} secret_key=\"{good}\">", t.op),
            1,
        ),
    );
    c.fault(
        cat,
        "key split by a comment",
        t.edit(
            &format!(">{good}<"),
            &format!(">{}<!-- -->x{}<", &good[..20], &good[21..]),
        ),
    );
}

/// Every simple part of every operation that looks records up (or writes them) set to a
/// payload. With the right key the lookups must find nothing; writes carry a wrong key.
fn payloads(c: &mut Corpus) {
    let t = c.t.clone();
    let lookup = "SQL/HTML payloads in lookups (right key)";
    let writes = "SQL/HTML payloads in writes (wrong key)";
    for op in SERVICE.operations {
        let name = op.name;
        if matches!(name, "WS.test" | "WSReport.test") {
            continue;
        }
        let creates = name.contains(".Create")
            || name.ends_with('s')
                && !name.ends_with("Descriptions")
                && name != "WSCourse.ListCourses";
        let writes_text = creates
            || matches!(
                name,
                "WSUser.EditUser"
                    | "WSCourse.EditCourse"
                    | "WSSession.EditSession"
                    | "WSCourse.EditCourseDescription"
                    | "WSCourse.ListCourses"
            );
        for (i, p) in PAYLOADS.iter().enumerate() {
            // keep the corpus quick: every payload on the main operations, two on the others
            let main = matches!(
                name,
                "WSUser.CreateUser"
                    | "WSUser.EditUser"
                    | "WSUser.DeleteUser"
                    | "WSCourse.CreateCourse"
                    | "WSCourse.EditCourse"
                    | "WSSession.CreateSession"
            );
            if !main && i % 5 != 0 {
                continue;
            }
            let mut parts: Vec<P> = Vec::new();
            for part in op.parts {
                match *part {
                    "secret_key" if writes_text => parts.push(s("secret_key", WRONG_KEY)),
                    "secret_key" => parts.push(s("secret_key", key())),
                    "users" | "courses" | "extras" => {}
                    other => parts.push(s(other, *p)),
                }
            }
            let body = envelope(name, &parts);
            if writes_text {
                c.fault(writes, format!("{name} all parts {}", short(p)), body);
            } else {
                c.add(
                    lookup,
                    format!("{name} all parts {}", short(p)),
                    t.post(body),
                    Expect::SoapAnswer,
                );
            }
        }
    }
}

fn oversized(c: &mut Corpus) {
    let t = c.t.clone();
    let cat = "oversized bodies";
    let limit = super::BODY_LIMIT;
    c.fault(
        cat,
        "one byte over the limit",
        t.edit(FIRSTNAME, &"x".repeat(limit)),
    );
    c.add(
        cat,
        "Content-Length far over the limit",
        t.post(t.valid.clone())
            .framing(Framing::Claim(limit as u64 * 100)),
        Expect::Fault,
    );
    let mut chunked = t.valid.clone().into_bytes();
    chunked.extend(std::iter::repeat_n(b' ', limit));
    c.add(
        cat,
        "chunked body over the limit",
        t.post(chunked).framing(Framing::Chunked),
        Expect::Fault,
    );
}

fn framing(c: &mut Corpus) {
    let t = c.t.clone();
    let cat = "HTTP framing";
    c.add(
        cat,
        "body shorter than Content-Length",
        t.post(t.valid.clone())
            .framing(Framing::Claim(t.valid.clone().len() as u64 + 100)),
        Expect::Fault,
    );
    c.add(
        cat,
        "malformed chunk size",
        t.post(b"zz\r\nabc\r\n0\r\n\r\n".to_vec())
            .header("Transfer-Encoding", "chunked")
            .framing(Framing::Verbatim),
        Expect::HttpReject,
    );
    c.add(
        cat,
        "two different Content-Lengths",
        t.post(t.valid.clone())
            .header("Content-Length", "5")
            .framing(Framing::Length),
        Expect::HttpReject,
    );
    c.add(
        cat,
        "negative Content-Length",
        t.post(t.valid.clone())
            .header("Content-Length", "-1")
            .framing(Framing::Verbatim),
        Expect::HttpReject,
    );
    c.add(
        cat,
        "Content-Length with garbage",
        t.post(t.valid.clone())
            .header("Content-Length", "12abc")
            .framing(Framing::Verbatim),
        Expect::HttpReject,
    );
    c.add(
        cat,
        "unknown method with the valid call",
        t.post(t.valid.clone()).method("FROB"),
        Expect::HttpReject,
    );
}
