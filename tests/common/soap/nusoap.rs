//! NuSOAP 0.9.5 as Debian ships it (`libnusoap-php`), made loadable on PHP 8 for the client tests.
//!
//! Debian's copy still declares PHP 4 constructors (a method named like its class). PHP 8 no
//! longer calls those, so `new nusoap_client(...)` would build an object that was never set up.
//! Chamilo's bundled copy renamed them to `__construct`; here every such class gets a
//! `__construct` that forwards to the old one, in a copy under `target/`: the installed file is
//! never touched, and the copy is rewritten only when the source or the patch changes.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Where the Debian package installs the library.
const SYSTEM_COPY: &str = "/usr/share/php/nusoap/nusoap.php";

/// The patched library, or `None` (the reason printed) when php, its xml extension (NuSOAP's
/// parser) or the library is missing. With `CI=true` a missing piece fails the test instead.
pub fn library() -> Option<PathBuf> {
    let php = super::tool_available(
        "php with the xml extension (package php-xml)",
        Command::new("php").args(["-r", "exit(function_exists('xml_parser_create') ? 0 : 1);"]),
    );
    if !php {
        return None;
    }
    let source = Path::new(SYSTEM_COPY);
    let present = super::required(
        &format!("NuSOAP at {SYSTEM_COPY} (package libnusoap-php)"),
        source.is_file(),
    );
    if !present {
        return None;
    }
    static INSTALLED: OnceLock<PathBuf> = OnceLock::new();
    Some(INSTALLED.get_or_init(|| install(source)).clone())
}

fn install(source: &Path) -> PathBuf {
    let original = std::fs::read_to_string(source)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", source.display()));
    let patched = with_php8_constructors(&original);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("nusoap");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {dir:?}: {e}"));
    let target = dir.join("nusoap.php");
    if std::fs::read_to_string(&target).ok().as_deref() != Some(patched.as_str()) {
        // Test binaries run concurrently: each writes a file of its own, then renames it over
        // the target, so a reader never sees a half-written library.
        let partial = dir.join(format!("nusoap.php.{}", std::process::id()));
        std::fs::write(&partial, &patched)
            .unwrap_or_else(|e| panic!("cannot write {partial:?}: {e}"));
        std::fs::rename(&partial, &target)
            .unwrap_or_else(|e| panic!("cannot install {target:?}: {e}"));
    }
    target
}

/// `source` with a forwarding `__construct` in every class that declares a PHP 4 constructor.
/// A library that already has `__construct` (a later, PHP 8-ready release) is kept as it is.
pub fn with_php8_constructors(source: &str) -> String {
    if source.contains("function __construct") {
        return source.to_string();
    }
    let mut out = String::with_capacity(source.len() + 2048);
    for line in source.split_inclusive('\n') {
        let Some(class) = line
            .strip_prefix("class ")
            .and_then(|rest| rest.split_whitespace().next())
        else {
            out.push_str(line);
            continue;
        };
        if !source.contains(&format!("function {class}(")) {
            out.push_str(line);
            continue;
        }
        let brace = line
            .find('{')
            .unwrap_or_else(|| panic!("NuSOAP: no '{{' on the line declaring class {class}"));
        out.push_str(&line[..=brace]);
        out.push_str(&format!(
            " public function __construct(...$args) {{ $this->{class}(...$args); }}"
        ));
        out.push_str(&line[brace + 1..]);
    }
    assert!(
        out.contains("$this->nusoap_client(...$args)"),
        "NuSOAP at {SYSTEM_COPY}: nusoap_client has neither __construct nor a PHP 4 constructor"
    );
    out
}
