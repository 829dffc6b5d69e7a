//! What GET serves: the WSDL (host-dependent parts from the request or the configured public
//! URL), the SOAP encoding schema it imports, a description page, and testip.php.

use crate::common::soap::ENDPOINT;
use crate::common::{self, client, soap, spawn_app};

#[tokio::test]
async fn wsdl_follows_the_request_host() {
    let app = spawn_app().await;
    for query in ["?wsdl", "?WSDL", "?foo=wsdlx"] {
        let res = client()
            .get(app.url(&format!("{ENDPOINT}{query}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{query}");
        assert_eq!(
            res.headers()["content-type"].to_str().unwrap(),
            "text/xml; charset=utf-8"
        );
        let wsdl = res.text().await.unwrap();
        let host = app.base_url.clone();
        assert!(wsdl.contains(&format!(
            r#"<soap:address location="{host}/main/webservices/soap.php"/>"#
        )));
        assert!(wsdl.contains(&format!(
            r#"schemaLocation="{host}/main/webservices/soap.php?xsd=soap-encoding""#
        )));
        // the one pin of the WSDL's bytes: as served, for every spelling of the query
        insta::assert_snapshot!("served_wsdl", wsdl.replace(&host, "http://HOST"));
    }
    // the Host header decides, as PHP's SERVER_NAME did
    let wsdl = client()
        .get(app.url(&format!("{ENDPOINT}?wsdl")))
        .header("Host", "lms.example.org")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(wsdl.contains(r#"location="http://lms.example.org/main/webservices/soap.php""#));
    assert!(wsdl.contains(
        r#"soapAction="http://lms.example.org/main/webservices/soap.php/WSUser.CreateUser""#
    ));
}

/// NuSOAP 0.9.5 dies on PHP 8 on an `xsd:import` with a `schemaLocation` (crates/soap/src/wsdl.rs,
/// `SoapEncImport`): it alone gets the SOAP encoding import as Chamilo writes it; nothing else
/// in the WSDL differs, and every other client keeps the located import.
#[tokio::test]
async fn nusoap_gets_the_encoding_import_without_location() {
    let app = spawn_app().await;
    let wsdl = |agent: Option<&'static str>| {
        let mut req = client().get(app.url(&format!("{ENDPOINT}?wsdl")));
        if let Some(agent) = agent {
            req = req.header("User-Agent", agent);
        }
        async move {
            let res = req.send().await.unwrap();
            assert_eq!(res.status(), 200);
            assert_eq!(res.headers()["vary"], "User-Agent", "{agent:?}");
            res.text().await.unwrap()
        }
    };
    let located = wsdl(None).await;
    let nusoap = wsdl(Some("NuSOAP/0.9.5 (1.123)")).await;
    let location = format!(
        r#" schemaLocation="{}/main/webservices/soap.php?xsd=soap-encoding""#,
        app.base_url
    );
    assert_eq!(located.matches(&location).count(), 1);
    assert_eq!(located.replace(&location, ""), nusoap);
    assert!(
        nusoap.contains(r#" <xsd:import namespace="http://schemas.xmlsoap.org/soap/encoding/" />"#)
    );
    assert!(!nusoap.contains("schemaLocation"));
    for agent in [
        "PHP-SOAP/8.2.36",
        "Zeep/4.3.3 (www.python-zeep.org)",
        "python-requests/2.32.3",
    ] {
        assert_eq!(wsdl(Some(agent)).await, located, "{agent}");
    }
}

#[tokio::test]
async fn wsdl_uses_the_configured_public_url() {
    let app = common::start_on_sqlite(&[("GATEWAY_PUBLIC_URL", "https://campus.example.org/")]);
    let wsdl = client()
        .get(app.url(&format!("{ENDPOINT}?wsdl")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(wsdl.contains(r#"location="https://campus.example.org/main/webservices/soap.php""#));
    assert!(!wsdl.contains("127.0.0.1"));
}

#[tokio::test]
async fn encoding_schema_description_page_and_testip() {
    let app = spawn_app().await;
    let res = client()
        .get(app.url(&format!("{ENDPOINT}?xsd=soap-encoding")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let xsd = res.text().await.unwrap();
    assert_eq!(xsd, chamilo_soap::wsdl::soap_encoding_xsd());

    let page = client().get(app.url(ENDPOINT)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(page.contains("WSUser.CreateUser(secret_key, firstname"));

    let ip = client()
        .get(app.url("/main/webservices/testip.php"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(ip.lines().next(), Some("127.0.0.1"));
}

#[tokio::test]
async fn testip_and_the_key_agree_behind_a_trusted_proxy() {
    let app = common::start_on_sqlite(&[("GATEWAY_TRUSTED_PROXIES", "127.0.0.0/8")]);
    let ip = client()
        .get(app.url("/main/webservices/testip.php"))
        .header("X-Forwarded-For", "203.0.113.9, 127.0.0.2")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(ip, "203.0.113.9");
    let forwarded_key =
        chamilo_core::passwords::sha1_hex(&format!("203.0.113.9{}", common::SECURITY_KEY));
    let body = soap::envelope(
        "WSCourse.ListCourses",
        &[soap::s("secret_key", forwarded_key)],
    );
    let res = client()
        .post(app.url(ENDPOINT))
        .header("Content-Type", "text/xml; charset=utf-8")
        .header("X-Forwarded-For", "203.0.113.9")
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    // the same key without the header is salted with the proxy's address: refused
    let (status, _, answer) = soap::post_raw(&app, body).await;
    assert_eq!(status, 500);
    assert_eq!(soap::fault_of(&answer).0, "1");
}
