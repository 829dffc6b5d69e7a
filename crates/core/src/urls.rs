//! Access URLs (campuses). URL 1 always exists; users, courses and sessions belong to URLs.

pub use crate::types::urls::*;

use crate::error::CoreResult;

/// URLs end with exactly one `/` (as Chamilo stores them).
fn normalize_url(url: &str) -> String {
    let url = url.trim();
    if url.ends_with('/') {
        url.to_owned()
    } else {
        format!("{url}/")
    }
}

fn check_input(input: &UrlInput) -> CoreResult<String> {
    let url = normalize_url(&input.url);
    if url == "/" {
        return Err(crate::CoreError::invalid("url", "must not be empty"));
    }
    crate::limits::check_len("url", &url, crate::limits::SHORT_TEXT)?;
    crate::limits::check_text("description", &input.description)?;
    Ok(url)
}

/// Another URL with the same address (compared case-insensitively, as MySQL does)?
async fn taken(repo: &dyn crate::ports::Repo, url: &str, except: i64) -> CoreResult<bool> {
    let lower = url.to_lowercase();
    Ok(repo
        .list_urls()
        .await?
        .iter()
        .any(|u| u.id != except && u.url.to_lowercase() == lower))
}

impl crate::Gateway {
    /// Creates a campus; an address already in use is `AlreadyExists(AccessUrl)`.
    pub async fn create_access_url(&self, input: UrlInput, created_by: i64) -> CoreResult<i64> {
        let url = check_input(&input)?;
        let tx = self.begin().await?;
        if taken(&*tx, &url, 0).await? {
            return Err(crate::CoreError::AlreadyExists(crate::Conflict::AccessUrl));
        }
        let id = tx
            .insert_url(&AccessUrl {
                id: 0,
                url,
                description: input.description,
                active: input.active,
                created_by,
                tms: crate::now(),
            })
            .await?;
        self.commit(tx).await?;
        Ok(id)
    }

    /// Changes a campus. URL 1 always stays active.
    pub async fn edit_access_url(&self, id: i64, input: UrlInput) -> CoreResult<()> {
        let url = check_input(&input)?;
        let tx = self.begin().await?;
        let Some(current) = tx.get_url(id).await? else {
            return Err(crate::CoreError::NotFound(crate::Entity::AccessUrl));
        };
        if taken(&*tx, &url, id).await? {
            return Err(crate::CoreError::AlreadyExists(crate::Conflict::AccessUrl));
        }
        tx.update_url(&AccessUrl {
            url,
            description: input.description,
            active: input.active || id == DEFAULT_URL_ID,
            tms: crate::now(),
            ..current
        })
        .await?;
        self.commit(tx).await
    }

    /// Removes a campus and its links; URL 1 cannot be removed.
    pub async fn delete_access_url(&self, id: i64) -> CoreResult<()> {
        if id == DEFAULT_URL_ID {
            return Err(crate::CoreError::Forbidden("the main URL stays".into()));
        }
        let tx = self.begin().await?;
        if tx.get_url(id).await?.is_none() {
            return Err(crate::CoreError::NotFound(crate::Entity::AccessUrl));
        }
        tx.delete_url(id).await?;
        self.commit(tx).await
    }

    pub async fn access_url(&self, id: i64) -> CoreResult<Option<AccessUrl>> {
        self.repo().get_url(id).await
    }

    pub async fn urls_of(&self, member: UrlMember) -> CoreResult<Vec<i64>> {
        self.repo().urls_of(member).await
    }
}

/// Links a record to an access URL that must exist (a missing URL fails the whole write).
pub(crate) async fn link_member(
    repo: &dyn crate::ports::Repo,
    url_id: i64,
    member: UrlMember,
) -> CoreResult<()> {
    if repo.get_url(url_id).await?.is_none() {
        return Err(crate::CoreError::NotFound(crate::Entity::AccessUrl));
    }
    repo.link_to_url(url_id, member).await
}
