//! What GET serves on registration.soap.php: its WSDL (pinned once, as served), the SOAP
//! encoding schema it imports, the description page; and PHP's SoapClient, NuSOAP and zeep
//! (on a closed network) loading that WSDL. Calling its operations is tested with them.

use crate::clients::{php_soap, run_client, zeep};
use crate::common::{client, soap, spawn_app};

const REGISTRATION: &str = "/main/webservices/registration.soap.php";

#[tokio::test]
async fn wsdl_follows_the_request_host() {
    let app = spawn_app().await;
    let host = app.base_url.clone();
    for query in ["?wsdl", "?WSDL", "?foo=wsdlx"] {
        let res = client()
            .get(app.url(&format!("{REGISTRATION}{query}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{query}");
        assert_eq!(
            res.headers()["content-type"].to_str().unwrap(),
            "text/xml; charset=utf-8"
        );
        assert_eq!(res.headers()["vary"], "User-Agent");
        let wsdl = res.text().await.unwrap();
        assert!(wsdl.contains(&format!(
            r#"<soap:address location="{host}/main/webservices/registration.soap.php"/>"#
        )));
        assert!(wsdl.contains(&format!(
            r#"schemaLocation="{host}/main/webservices/registration.soap.php?xsd=soap-encoding""#
        )));
        // the one pin of the WSDL's bytes: as served, for every spelling of the query
        insta::assert_snapshot!("served_wsdl", wsdl.replace(&host, "http://HOST"));
    }
    let wsdl = client()
        .get(app.url(&format!("{REGISTRATION}?wsdl")))
        .header("Host", "lms.example.org")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(wsdl
        .contains(r#"location="http://lms.example.org/main/webservices/registration.soap.php""#));
}

/// As soap.php's: NuSOAP alone gets the SOAP encoding import without a location.
#[tokio::test]
async fn nusoap_gets_the_encoding_import_without_location() {
    let app = spawn_app().await;
    let get = |agent: &'static str| {
        let req = client()
            .get(app.url(&format!("{REGISTRATION}?wsdl")))
            .header("User-Agent", agent);
        async move { req.send().await.unwrap().text().await.unwrap() }
    };
    let located = get("PHP-SOAP/8.2.36").await;
    let nusoap = get("NuSOAP/0.9.5 (1.123)").await;
    let location = format!(
        r#" schemaLocation="{}/main/webservices/registration.soap.php?xsd=soap-encoding""#,
        app.base_url
    );
    assert_eq!(located.matches(&location).count(), 1);
    assert_eq!(located.replace(&location, ""), nusoap);
}

#[tokio::test]
async fn encoding_schema_and_description_page() {
    let app = spawn_app().await;
    let res = client()
        .get(app.url(&format!("{REGISTRATION}?xsd=soap-encoding")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.text().await.unwrap(),
        chamilo_soap::wsdl::soap_encoding_xsd()
    );

    let res = client().get(app.url(REGISTRATION)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["content-type"].to_str().unwrap(),
        "text/html; charset=utf-8"
    );
    let page = res.text().await.unwrap();
    assert!(page.contains("<title>WSRegistration</title>"), "{page}");
    let listed: Vec<&str> = page
        .split("<li>")
        .skip(1)
        .map(|li| li.split_once("</li>").unwrap().0)
        .collect();
    assert_eq!(listed.len(), 53, "{page}");
    assert_eq!(listed[0], "WSCreateUsers");
    assert_eq!(listed[52], "WSRemoveUserVisibilityToCourseInCatalogue");
    assert_eq!(listed, chamilo_soap::wsdl::WS_REGISTRATION.operations());
}

#[tokio::test]
async fn php_soapclient_loads_the_wsdl() {
    if !php_soap() {
        return;
    }
    let app = spawn_app().await;
    run_client(&app, "php", "registration_wsdl_soapclient.php", &[]);
}

#[tokio::test]
async fn zeep_loads_the_wsdl_offline() {
    if !zeep() {
        return;
    }
    let app = spawn_app().await;
    run_client(&app, "python3", "registration_wsdl_zeep.py", &[]);
}

#[tokio::test]
async fn nusoap_loads_the_wsdl() {
    let Some(nusoap) = soap::nusoap::library() else {
        return;
    };
    let app = spawn_app().await;
    run_client(
        &app,
        "php",
        "registration_wsdl_nusoap.php",
        &[nusoap.to_str().unwrap()],
    );
}
