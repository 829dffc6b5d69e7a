//! The flat view of an XML document the WSDL tests compare (shared by `wsdl.rs` and
//! `registration_wsdl.rs`).

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// Start/empty elements of a document as (qualified name, attributes), in order;
/// panics if the document is not well-formed.
pub fn elements(xml: &str) -> Vec<(String, HashMap<String, String>)> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut depth = 0i32;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                depth += 1;
                out.push(element(&e));
            }
            Ok(Event::Empty(e)) => out.push(element(&e)),
            Ok(Event::End(_)) => depth -= 1,
            Ok(Event::DocType(_)) => panic!("unexpected DOCTYPE"),
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed at {}: {e}", reader.error_position()),
        }
    }
    assert_eq!(depth, 0, "unclosed elements");
    out
}

fn element(e: &BytesStart<'_>) -> (String, HashMap<String, String>) {
    let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
    let attrs = e
        .attributes()
        .map(|a| {
            let a = a.unwrap();
            (
                String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                a.unescape_value().unwrap().into_owned(),
            )
        })
        .collect();
    (name, attrs)
}
