//! What a write does on disk besides its rows: course folders made, and course folders moved
//! away when their course is deleted. Inside a transaction these follow its outcome: a folder
//! made is removed again if the transaction rolls back, and a folder is moved only once the
//! delete has committed (a refused or rolled-back delete leaves the files of a course that is
//! still there). Outside a transaction both happen at once.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::courses::folder;

pub(crate) struct DiskWork {
    /// `None`: autocommit, nothing waits
    pending: Option<Mutex<Pending>>,
}

#[derive(Default)]
struct Pending {
    /// folders made by the transaction
    made: Vec<PathBuf>,
    /// (courses folder, course folder name) to move once the transaction commits
    to_archive: Vec<(PathBuf, String)>,
    committed: bool,
}

impl DiskWork {
    pub(crate) fn immediate() -> DiskWork {
        DiskWork { pending: None }
    }

    pub(crate) fn for_transaction() -> DiskWork {
        DiskWork {
            pending: Some(Mutex::default()),
        }
    }

    fn pending(&self) -> Option<std::sync::MutexGuard<'_, Pending>> {
        self.pending
            .as_ref()
            .map(|p| p.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Notes a folder the transaction made.
    pub(crate) fn made(&self, folder: PathBuf) {
        if let Some(mut p) = self.pending() {
            p.made.push(folder);
        }
    }

    /// Moves a deleted course's folder away: now, or once the transaction commits.
    pub(crate) async fn archive(&self, courses_dir: &Path, directory: &str) {
        if let Some(mut p) = self.pending() {
            p.to_archive
                .push((courses_dir.to_path_buf(), directory.to_owned()));
            return;
        }
        folder::archive(courses_dir, directory).await;
    }

    /// The transaction committed: its folders stay, the deleted courses' folders go.
    pub(crate) async fn committed(&self) {
        let to_archive = match self.pending() {
            Some(mut p) => {
                p.committed = true;
                std::mem::take(&mut p.to_archive)
            }
            None => return,
        };
        for (courses_dir, directory) in to_archive {
            folder::archive(&courses_dir, &directory).await;
        }
    }
}

impl Drop for DiskWork {
    /// A transaction dropped without commit: the folders it made go again.
    fn drop(&mut self) {
        let Some(pending) = self.pending.take() else {
            return;
        };
        let pending = pending.into_inner().unwrap_or_else(|e| e.into_inner());
        if pending.committed || pending.made.is_empty() {
            return;
        }
        // at once, not on the blocking pool: a caller that saw the rollback may look for the
        // folder next, and a new course folder is a few dozen entries
        for dir in pending.made {
            if let Err(e) = std::fs::remove_dir_all(&dir) {
                tracing::warn!(folder = %dir.display(), error = %e, "course folder of a rolled-back creation not removed");
            }
        }
    }
}
