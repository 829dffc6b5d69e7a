//! The served WSDL: well-formed, same interface as Chamilo's, corrections applied. Its bytes
//! are pinned once, as served over HTTP (tests/soap/wsdl.rs, `served_wsdl`).

mod xml_elements;

use std::collections::HashMap;

use chamilo_soap::wsdl::{render_wsdl, soap_encoding_xsd, SoapEncImport, WS_SERVICE};
use xml_elements::elements;

/// (operation, input parts as "name:type") from the reference operations list.
fn reference_operations() -> Vec<(String, Vec<String>, String)> {
    include_str!("fixtures/chamilo-soap-operations.txt")
        .lines()
        .filter(|l| l.starts_with("WS"))
        .map(|l| {
            let fields: Vec<&str> = l.split(" | ").collect();
            let inputs = fields[4].trim_start_matches("in: ");
            let inputs = if inputs == "(no parts)" {
                vec![]
            } else {
                inputs.split(", ").map(str::to_string).collect()
            };
            let output = fields[5].trim_start_matches("out: ").to_string();
            (fields[0].to_string(), inputs, output)
        })
        .collect()
}

/// Chamilo's undeclared `tns:X[]` part types become declared `tns:X_array` types.
fn corrected_type(t: &str) -> String {
    match t.strip_suffix("[]") {
        Some(item) => format!("{item}_array"),
        None => t.to_string(),
    }
}

fn messages(els: &[(String, HashMap<String, String>)]) -> HashMap<String, Vec<String>> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    let mut current = String::new();
    for (name, attrs) in els {
        match name.as_str() {
            "message" => {
                current = attrs["name"].clone();
                out.insert(current.clone(), vec![]);
            }
            "part" => out
                .get_mut(&current)
                .unwrap()
                .push(format!("{}:{}", attrs["name"], attrs["type"])),
            _ => {}
        }
    }
    out
}

/// Served after Chamilo's 40 operations (Chamilo's wiki documents it for soap.php).
const ADDED: &str = "WSUser.EditUserCredentials";

#[test]
fn wsdl_is_well_formed_and_complete() {
    let wsdl = render_wsdl("http://localhost");
    let els = elements(&wsdl);
    assert_eq!(els[0].0, "definitions");
    assert_eq!(els[0].1["targetNamespace"], "urn:WSService");

    let msgs = messages(&els);
    let ops = reference_operations();
    assert_eq!(ops.len(), 40);
    let port_ops: Vec<&str> = els
        .iter()
        .filter(|(n, a)| n == "operation" && a.contains_key("name"))
        .map(|(_, a)| a["name"].as_str())
        .collect();
    let mut names: Vec<&str> = ops.iter().map(|(n, _, _)| n.as_str()).collect();
    // the one operation we add after Chamilo's: documented for soap.php by its wiki
    names.push(ADDED);
    // portType then binding, both in reference order
    assert_eq!(port_ops, [names.clone(), names].concat());
    assert_eq!(
        msgs[&format!("{ADDED}Request")],
        [
            "secret_key:xsd:string",
            "user_id_field_name:xsd:string",
            "user_id_value:xsd:string",
            "username:xsd:string",
            "password:xsd:string",
        ]
    );
    assert_eq!(msgs[&format!("{ADDED}Response")], ["return:xsd:int"]);

    for (op, inputs, output) in &ops {
        let expected: Vec<String> = inputs
            .iter()
            .map(|p| {
                let (name, ty) = p.split_once(':').unwrap();
                format!("{name}:{}", corrected_type(ty))
            })
            .collect();
        assert_eq!(msgs[&format!("{op}Request")], expected, "{op} input parts");
        let response = &msgs[&format!("{op}Response")];
        if output.starts_with("none") {
            assert!(response.is_empty(), "{op} output");
        } else if op == "WSReport.GetLearnpathsByCourse" {
            assert_eq!(response, &["return:tns:learnpath_array"]);
        } else {
            assert_eq!(response, std::slice::from_ref(output), "{op} output");
        }
    }
}

#[test]
fn wsdl_corrections() {
    let wsdl = render_wsdl("http://localhost");
    let els = elements(&wsdl);

    // every type attribute names a declared QName (no `tns:X[]` shortcut)
    let declared: Vec<String> = els
        .iter()
        .filter(|(n, _)| n == "xsd:complexType")
        .map(|(_, a)| format!("tns:{}", a["name"]))
        .collect();
    for (name, attrs) in &els {
        if let Some(t) = attrs.get("type") {
            assert!(!t.contains("[]"), "{name} type={t}");
            if (name == "part" || name == "xsd:element") && t.starts_with("tns:") {
                assert!(declared.contains(t), "undeclared {t}");
            }
        }
    }

    // every soap:body in urn:WSService (78 of them were namespace="")
    let bodies: Vec<_> = els.iter().filter(|(n, _)| n == "soap:body").collect();
    assert_eq!(bodies.len(), 82);
    assert!(bodies
        .iter()
        .all(|(_, a)| a["namespace"] == "urn:WSService" && a["use"] == "encoded"));

    let import = els
        .iter()
        .find(|(n, a)| {
            n == "xsd:import" && a["namespace"] == "http://schemas.xmlsoap.org/soap/encoding/"
        })
        .unwrap();
    assert_eq!(
        import.1["schemaLocation"],
        "http://localhost/main/webservices/soap.php?xsd=soap-encoding"
    );

    let address = els.iter().find(|(n, _)| n == "soap:address").unwrap();
    assert_eq!(
        address.1["location"],
        "http://localhost/main/webservices/soap.php"
    );
    let actions: Vec<&str> = els
        .iter()
        .filter(|(n, _)| n == "soap:operation")
        .map(|(_, a)| a["soapAction"].as_str())
        .collect();
    assert_eq!(
        actions[0],
        "http://localhost/main/webservices/soap.php/WS.test"
    );
    assert!(actions.contains(&"urn:WSService#WSCourse.DeleteCourse"));

    // user_result as the WSUser batches emit it; learnpaths get their own type
    assert!(wsdl.contains(concat!(
        " <xsd:complexType name=\"user_result\">\n  <xsd:all>\n",
        "   <xsd:element name=\"user_id_value\" type=\"xsd:string\"/>\n",
        "   <xsd:element name=\"result\" type=\"tns:result\"/>\n"
    )));
    assert!(wsdl.contains(concat!(
        " <xsd:complexType name=\"learnpath\">\n  <xsd:all>\n",
        "   <xsd:element name=\"id\" type=\"xsd:string\"/>\n",
        "   <xsd:element name=\"title\" type=\"xsd:string\"/>\n"
    )));
    assert!(!wsdl.contains("{{"));
}

#[test]
fn base_url_is_substituted_and_escaped() {
    let wsdl = render_wsdl("https://lms.example.org:8443/");
    assert!(wsdl.contains(
        r#"<soap:address location="https://lms.example.org:8443/main/webservices/soap.php"/>"#
    ));
    assert!(wsdl.contains(
        r#"soapAction="https://lms.example.org:8443/main/webservices/soap.php/WSUser.CreateUser""#
    ));
    let odd = render_wsdl(r#"http://a"b&c"#);
    assert!(odd.contains("http://a&quot;b&amp;c/main/webservices/soap.php"));
    elements(&odd);
}

#[test]
fn nusoap_form_is_well_formed_and_imports_by_namespace() {
    let wsdl = WS_SERVICE.render("http://localhost", SoapEncImport::NamespaceOnly);
    let els = elements(&wsdl);
    let imports: Vec<_> = els.iter().filter(|(n, _)| n == "xsd:import").collect();
    assert_eq!(imports.len(), 2);
    assert!(imports
        .iter()
        .all(|(_, a)| !a.contains_key("schemaLocation")));
}

#[test]
fn soap_encoding_schema() {
    let xsd = soap_encoding_xsd();
    let els = elements(xsd);
    assert_eq!(els[0].0, "xs:schema");
    assert_eq!(
        els[0].1["targetNamespace"],
        "http://schemas.xmlsoap.org/soap/encoding/"
    );
    let named = |kind: &str, name: &str| {
        els.iter()
            .any(|(n, a)| n == kind && a.get("name").map(String::as_str) == Some(name))
    };
    assert!(named("xs:complexType", "Array"));
    assert!(named("xs:complexType", "Struct"));
    assert!(named("xs:attribute", "arrayType"));
    assert!(named("xs:attribute", "offset"));
    assert!(named("xs:attribute", "root"));
}
