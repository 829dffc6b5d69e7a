//! `WSUser.CreateUsers` requests as PHP's SoapClient writes them, and reading the answers.

use md5::Md5;
use sha1::{Digest, Sha1};

use crate::proc::SECURITY_KEY;

pub const ENDPOINT: &str = "/main/webservices/soap.php";

/// The key a caller on 127.0.0.1 sends: sha1(ip + security_key).
pub fn secret_key() -> String {
    hex::encode(Sha1::digest(format!("127.0.0.1{SECURITY_KEY}")))
}

/// `WSCourse.ListCourses` of every course, as PHP's SoapClient writes it: the cheapest call
/// that checks the key and leaves its audit row (the SOAP hot path of section `ab`).
pub fn list_courses() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:WSService" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/" SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><SOAP-ENV:Body><ns1:WSCourse.ListCourses><secret_key xsi:type="xsd:string" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">{}</secret_key><course_id_field_name xsi:type="xsd:string" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">external_course_id</course_id_field_name></ns1:WSCourse.ListCourses></SOAP-ENV:Body></SOAP-ENV:Envelope>"#,
        secret_key()
    )
}

/// How the batch's passwords are sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Passwords {
    Clear,
    Md5,
    Sha1,
}

impl Passwords {
    pub fn label(self) -> &'static str {
        match self {
            Passwords::Clear => "clear text (bcrypt)",
            Passwords::Md5 => "pre-hashed md5",
            Passwords::Sha1 => "pre-hashed sha1",
        }
    }

    fn encode(self, clear: &str) -> (String, &'static str) {
        match self {
            Passwords::Clear => (clear.to_string(), ""),
            Passwords::Md5 => (hex::encode(Md5::digest(clear)), "md5"),
            Passwords::Sha1 => (hex::encode(Sha1::digest(clear)), "sha1"),
        }
    }
}

/// A CreateUsers envelope of `n` users named `{prefix}{i}` with external ids `{prefix}-X{i}`,
/// each member typed (`xsi:type`) as PHP's SoapClient writes it.
pub fn create_users(prefix: &str, n: usize, passwords: Passwords) -> String {
    create_users_typed(prefix, n, passwords)
}

/// The same without the members' `xsi:type` attributes and the empty members (as untyped
/// clients send it): about 450 bytes a user, so 100,000 users make the ~45 MB request of (c).
pub fn create_users_compact(prefix: &str, n: usize, passwords: Passwords) -> String {
    let typed = create_users_typed(prefix, n, passwords);
    typed
        .replace(r#" xsi:type="xsd:string""#, "")
        .replace(r#" xsi:type="xsd:int""#, "")
        .replace(r#" xsi:type="ns1:user_create""#, "")
        .replace("<phone></phone>", "")
        .replace("<expiration_date></expiration_date>", "")
        .replace(
            r#"<extras SOAP-ENC:arrayType="ns1:extras[0]" xsi:type="SOAP-ENC:Array"></extras>"#,
            "",
        )
}

fn create_users_typed(prefix: &str, n: usize, passwords: Passwords) -> String {
    let mut out = String::with_capacity(600 + n * 760);
    out.push_str(concat!(
        r#"<?xml version="1.0" encoding="UTF-8"?>"#,
        "\n",
        r#"<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:WSService" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/" SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">"#,
        r#"<SOAP-ENV:Body><ns1:WSUser.CreateUsers>"#
    ));
    out.push_str(&format!(
        r#"<secret_key xsi:type="xsd:string">{}</secret_key><users SOAP-ENC:arrayType="ns1:user_create[{n}]" xsi:type="SOAP-ENC:Array">"#,
        secret_key()
    ));
    for i in 0..n {
        let login = format!("{prefix}{i}");
        let (password, method) = passwords.encode(&format!("pw-{login}"));
        out.push_str(&format!(
            concat!(
                r#"<item xsi:type="ns1:user_create">"#,
                r#"<firstname xsi:type="xsd:string">First {login}</firstname>"#,
                r#"<lastname xsi:type="xsd:string">Last {login}</lastname>"#,
                r#"<status xsi:type="xsd:int">5</status>"#,
                r#"<loginname xsi:type="xsd:string">{login}</loginname>"#,
                r#"<password xsi:type="xsd:string">{password}</password>"#,
                r#"<encrypt_method xsi:type="xsd:string">{method}</encrypt_method>"#,
                r#"<user_id_field_name xsi:type="xsd:string">external_user_id</user_id_field_name>"#,
                r#"<user_id_value xsi:type="xsd:string">{prefix}-X{i}</user_id_value>"#,
                r#"<visibility xsi:type="xsd:int">1</visibility>"#,
                r#"<email xsi:type="xsd:string">{login}@example.org</email>"#,
                r#"<language xsi:type="xsd:string">english</language>"#,
                r#"<phone xsi:type="xsd:string"></phone>"#,
                r#"<expiration_date xsi:type="xsd:string"></expiration_date>"#,
                r#"<extras SOAP-ENC:arrayType="ns1:extras[0]" xsi:type="SOAP-ENC:Array"></extras>"#,
                r#"</item>"#
            ),
            login = login,
            password = password,
            method = method,
            prefix = prefix,
            i = i
        ));
    }
    out.push_str("</users></ns1:WSUser.CreateUsers></SOAP-ENV:Body></SOAP-ENV:Envelope>\n");
    out
}

/// How many items of a CreateUsers answer succeeded (result code 0).
pub fn successes(body: &[u8]) -> usize {
    let text = String::from_utf8_lossy(body);
    text.matches(r#"<code xsi:type="xsd:int">0</code>"#).count()
}

/// Which batch-create operation a run calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    /// soap.php `WSUser.CreateUsers`
    CreateUsers,
    /// registration.soap.php `WSCreateUsersPasswordCrypted`
    CreateUsersPasswordCrypted,
}

pub const REGISTRATION: &str = "/main/webservices/registration.soap.php";

impl Service {
    pub fn endpoint(self) -> &'static str {
        match self {
            Service::CreateUsers => ENDPOINT,
            Service::CreateUsersPasswordCrypted => REGISTRATION,
        }
    }

    pub fn envelope(self, prefix: &str, n: usize, passwords: Passwords) -> String {
        match self {
            Service::CreateUsers => create_users(prefix, n, passwords),
            Service::CreateUsersPasswordCrypted => {
                create_users_password_crypted(prefix, n, passwords)
            }
        }
    }

    /// How many items of an answer created a user.
    pub fn successes(self, body: &[u8]) -> usize {
        match self {
            Service::CreateUsers => successes(body),
            // each row's result is the new id, or 0 / a message
            Service::CreateUsersPasswordCrypted => String::from_utf8_lossy(body)
                .split("<result xsi:type=\"xsd:string\">")
                .skip(1)
                .filter(|rest| {
                    let value = &rest[..rest.find('<').unwrap_or(0)];
                    !value.is_empty() && value != "0" && value.bytes().all(|b| b.is_ascii_digit())
                })
                .count(),
        }
    }
}

/// A WSCreateUsersPasswordCrypted envelope of `n` users as PHP's SoapClient sends it through the
/// served WSDL: one struct part holding the users and the key.
pub fn create_users_password_crypted(prefix: &str, n: usize, passwords: Passwords) -> String {
    let mut out = String::with_capacity(600 + n * 900);
    out.push_str(concat!(
        r#"<?xml version="1.0" encoding="UTF-8"?>"#,
        "\n",
        r#"<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:WSRegistration" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/" SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">"#,
        r#"<SOAP-ENV:Body><ns1:WSCreateUsersPasswordCrypted><createUsersPasswordCrypted xsi:type="ns1:createUsersPasswordCrypted">"#
    ));
    out.push_str(&format!(
        r#"<users SOAP-ENC:arrayType="ns1:createUsersPassEncryptParams[{n}]" xsi:type="SOAP-ENC:Array">"#
    ));
    for i in 0..n {
        let login = format!("{prefix}{i}");
        let (password, method) = passwords.encode(&format!("pw-{login}"));
        out.push_str(&format!(
            concat!(
                r#"<item xsi:type="ns1:createUsersPassEncryptParams">"#,
                r#"<firstname xsi:type="xsd:string">First {login}</firstname>"#,
                r#"<lastname xsi:type="xsd:string">Last {login}</lastname>"#,
                r#"<status xsi:type="xsd:string">5</status>"#,
                r#"<email xsi:type="xsd:string">{login}@example.org</email>"#,
                r#"<loginname xsi:type="xsd:string">{login}</loginname>"#,
                r#"<password xsi:type="xsd:string">{password}</password>"#,
                r#"<encrypt_method xsi:type="xsd:string">{method}</encrypt_method>"#,
                r#"<language xsi:type="xsd:string">english</language>"#,
                r#"<phone xsi:type="xsd:string"></phone>"#,
                r#"<expiration_date xsi:type="xsd:string"></expiration_date>"#,
                r#"<official_code xsi:type="xsd:string"></official_code>"#,
                r#"<original_user_id_name xsi:type="xsd:string">external_user_id</original_user_id_name>"#,
                r#"<original_user_id_value xsi:type="xsd:string">{prefix}-X{i}</original_user_id_value>"#,
                r#"<extra SOAP-ENC:arrayType="ns1:extrasList[0]" xsi:type="SOAP-ENC:Array"></extra>"#,
                r#"</item>"#
            ),
            login = login,
            password = password,
            method = method,
            prefix = prefix,
            i = i
        ));
    }
    out.push_str(&format!(
        r#"</users><secret_key xsi:type="xsd:string">{}</secret_key></createUsersPasswordCrypted></ns1:WSCreateUsersPasswordCrypted></SOAP-ENV:Body></SOAP-ENV:Envelope>"#,
        secret_key()
    ));
    out.push('\n');
    out
}
