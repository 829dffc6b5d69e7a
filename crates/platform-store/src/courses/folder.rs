//! A course's folder under the platform's courses folder, as `AddCourse::
//! prepare_course_repository` makes it (documents, uploads and works live there), and its
//! removal to `app/cache/` as `CourseManager::delete_course` does. File system work runs on the
//! blocking pool.

use chamilo_core::{CoreError, CoreResult};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// The sub-folders, each with an `index.html` that hides its listing
/// (`document/chat_files` is `fill_db_course`'s, without one).
const SUBFOLDERS: &[&str] = &[
    "document",
    "dropbox",
    "group",
    "page",
    "scorm",
    "upload",
    "upload/forum",
    "upload/forum/images",
    "upload/test",
    "upload/blog",
    "upload/learning_path",
    "upload/learning_path/images",
    "upload/calendar",
    "upload/calendar/images",
    "work",
    "upload/announcements",
    "upload/announcements/images",
    "exercises",
];

const INDEX_HTML: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n  <head>\n    <meta charset=\"utf-8\">\n    <title>Not authorized</title>\n  </head>\n  <body>\n  </body>\n</html>";

const DROPBOX_HTACCESS: &str = "AuthName AllowLocalAccess
                       AuthType Basic

                       <IfModule mod_authz_core.c>
                           Require all denied
                       </IfModule>
                       <IfModule !mod_authz_core.c>
                           Order deny,allow
                           Deny from all
                       </IfModule>

                       php_flag zlib.output_compression off";

/// Width of `course.directory`.
const DIRECTORY_WIDTH: usize = 40;

/// Makes the course folder `wanted` under `courses_dir`, or, when a folder of that name is
/// there already (a course deleted by hand, a creation rolled back), under a name with a
/// 4-hex-digit suffix as `define_course_keys` picks; the name it made.
pub(super) async fn make(courses_dir: &Path, wanted: &str) -> CoreResult<String> {
    let courses_dir = courses_dir.to_path_buf();
    let wanted = wanted.to_string();
    tokio::task::spawn_blocking(move || make_blocking(&courses_dir, &wanted))
        .await
        .map_err(|e| CoreError::Storage(format!("making the course folder: {e}")))?
}

fn make_blocking(courses_dir: &Path, wanted: &str) -> CoreResult<String> {
    if !is_plain_name(wanted) {
        return Err(CoreError::invalid(
            "directory",
            "is not a folder name (letters, digits, '_', '-')",
        ));
    }
    let failed = |path: &Path, e: std::io::Error| {
        CoreError::Storage(format!(
            "cannot make the course folder {}: {e}",
            path.display()
        ))
    };
    let mut name = wanted.to_string();
    for attempt in 0u32.. {
        let root = courses_dir.join(&name);
        match std::fs::create_dir(&root) {
            Ok(()) => break,
            Err(e) if e.kind() == ErrorKind::AlreadyExists && attempt < 100 => {
                let keep: String = wanted.chars().take(DIRECTORY_WIDTH - 4).collect();
                name = format!("{keep}{:04x}", random_u16(attempt));
            }
            Err(e) => return Err(failed(&root, e)),
        }
    }
    let root = courses_dir.join(&name);
    for sub in SUBFOLDERS {
        let dir = root.join(sub);
        std::fs::create_dir_all(&dir).map_err(|e| failed(&dir, e))?;
        let index = dir.join("index.html");
        std::fs::write(&index, INDEX_HTML).map_err(|e| failed(&index, e))?;
    }
    let chat = root.join("document/chat_files");
    std::fs::create_dir_all(&chat).map_err(|e| failed(&chat, e))?;
    let htaccess = root.join("dropbox/.htaccess");
    std::fs::write(&htaccess, DROPBOX_HTACCESS).map_err(|e| failed(&htaccess, e))?;
    Ok(name)
}

/// Moves the course folder to `app/cache/<directory>_<unix time>` beside the courses folder,
/// as Chamilo keeps a deleted course's files. A folder that is not there, or a name that is
/// not a plain folder name (a row written by hand), is left alone; a failed move is logged, not
/// an error: the rows are what makes the course, and a new course never reuses a folder that
/// still exists.
pub(crate) async fn archive(courses_dir: &Path, directory: &str) {
    if !is_plain_name(directory) {
        return;
    }
    let from = courses_dir.join(directory);
    let Some(cache) = courses_dir.parent().map(|app| app.join("cache")) else {
        return;
    };
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    let to: PathBuf = cache.join(format!("{directory}_{stamp}"));
    let moved = tokio::task::spawn_blocking(move || {
        if !from.is_dir() {
            return Ok(());
        }
        std::fs::create_dir_all(&cache)?;
        std::fs::rename(&from, &to)
    })
    .await;
    match moved {
        Ok(Ok(())) => {}
        Ok(Err(e)) => tracing::warn!(
            directory,
            "could not archive a deleted course's folder: {e}"
        ),
        Err(e) => tracing::warn!(
            directory,
            "could not archive a deleted course's folder: {e}"
        ),
    }
}

/// One path component a course folder may be named: no separators, no `.`/`..`.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// A suffix that differs between attempts and between processes.
fn random_u16(attempt: u32) -> u16 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u32(attempt);
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos(),
    );
    h.finish() as u16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn makes_the_folders_and_varies_a_taken_name() {
        let base = std::env::temp_dir().join(format!("course-folder-{}", std::process::id()));
        std::fs::create_dir_all(&base).unwrap();
        let first = make_blocking(&base, "PHYS").unwrap();
        assert_eq!(first, "PHYS");
        for sub in [
            "document/index.html",
            "upload/calendar/images/index.html",
            "exercises",
        ] {
            assert!(base.join("PHYS").join(sub).exists(), "{sub}");
        }
        assert!(base.join("PHYS/dropbox/.htaccess").is_file());
        let second = make_blocking(&base, "PHYS").unwrap();
        assert_eq!(second.len(), 8, "{second}");
        assert!(second.starts_with("PHYS"));
        assert!(base.join(&second).join("work/index.html").is_file());
        assert!(make_blocking(&base, "../etc").is_err());
        std::fs::remove_dir_all(&base).unwrap();
    }
}
