//! Creating many users at once (SOAP `CreateUsers`, imports). The outcome is what
//! `create_user` called item by item would give — same checks, same errors, a later item
//! seeing the earlier ones, each user whole or absent — at a fraction of the cost: passwords
//! are hashed in parallel before any lock is taken, and the users of a batch are written in
//! one transaction of a few set-wise statements instead of ten statements per user.

use super::service::{complete, draft_user, insert_prepared, Prepared};
use super::NewUser;
use crate::error::{Conflict, CoreError, CoreResult, Entity};
use crate::extra_fields::{lookup_key, normalize_variable, ExtraField, ItemType, FIELD_TYPE_TEXT};
use crate::gateway::Gateway;
use crate::limits;
use crate::ports::Repo;
use std::collections::{HashMap, HashSet};

/// Most users written in one transaction; callers may also use it to bound what they hold.
pub const CREATE_BATCH: usize = 1000;

impl Gateway {
    /// Creates the users in input order; one result per item. See the module comment.
    pub async fn create_users(&self, news: Vec<NewUser>) -> Vec<CoreResult<i64>> {
        if news.iter().any(|n| n.reactivate_inactive) {
            return self.create_users_reactivating(news).await;
        }
        self.create_users_setwise(news).await
    }

    /// A batch whose items may bring inactive accounts back: the items whose external id
    /// names an inactive account now are created one by one in their place (`create_user`
    /// decides again, inside its transaction); the runs of items between them, which name no
    /// inactive account, go set-wise. Results stay in input order.
    async fn create_users_reactivating(&self, news: Vec<NewUser>) -> Vec<CoreResult<i64>> {
        let inactive = match self.name_inactive_users(&news).await {
            Ok(inactive) => inactive,
            Err(e) => return news.iter().map(|_| Err(e.clone())).collect(),
        };
        let mut out = Vec::with_capacity(news.len());
        let mut run = Vec::new();
        for (new, names_inactive) in news.into_iter().zip(inactive) {
            if names_inactive {
                out.extend(self.create_users_setwise(std::mem::take(&mut run)).await);
                out.push(self.create_user(new).await);
            } else {
                run.push(new);
            }
        }
        out.extend(self.create_users_setwise(run).await);
        out
    }

    /// Which reactivating items' external ids name an inactive user now, set-wise: one
    /// lookup of the values per field (the lowest id a value names wins, as `resolve` rules),
    /// then a read of only the users named.
    async fn name_inactive_users(&self, news: &[NewUser]) -> CoreResult<Vec<bool>> {
        let repo = self.repo();
        let mut by_field: HashMap<String, Vec<usize>> = HashMap::new();
        for (n, new) in news.iter().enumerate() {
            if let Some(r) = new.external_id.as_ref().filter(|_| new.reactivate_inactive) {
                by_field
                    .entry(r.field_name.to_lowercase())
                    .or_default()
                    .push(n);
            }
        }
        let mut out = vec![false; news.len()];
        let external = |n: usize| news[n].external_id.as_ref().expect("grouped by it");
        for items in by_field.values() {
            let Some(field) = repo
                .find_field(ItemType::User, &external(items[0]).field_name)
                .await?
            else {
                continue;
            };
            let keys: Vec<String> = items
                .iter()
                .map(|&n| lookup_key(&external(n).value))
                .collect();
            let mut owner: HashMap<String, i64> = HashMap::new();
            for (item, value) in repo.values_with_keys(field.id, &keys).await? {
                let lowest = owner.entry(lookup_key(&value)).or_insert(item);
                *lowest = (*lowest).min(item);
            }
            for &n in items {
                if let Some(&user) = owner.get(&lookup_key(&external(n).value)) {
                    out[n] = repo.get_user(user).await?.is_some_and(|u| !u.active);
                }
            }
        }
        Ok(out)
    }

    async fn create_users_setwise(&self, news: Vec<NewUser>) -> Vec<CoreResult<i64>> {
        if news.is_empty() {
            return Vec::new();
        }
        let mut results: Vec<Option<CoreResult<i64>>> = (0..news.len()).map(|_| None).collect();
        let mut drafts = Vec::new();
        let mut passwords = Vec::new();
        let mut with_password = Vec::new();
        for (n, new) in news.into_iter().enumerate() {
            match draft_user(new) {
                Ok((draft, password)) => {
                    with_password.push(password.is_some());
                    passwords.extend(password);
                    drafts.push((n, draft));
                }
                Err(e) => results[n] = Some(Err(e)),
            }
        }
        let mut stored = self.hasher().store_many(passwords).await.into_iter();
        let mut ready = Vec::new();
        for ((n, draft), has_password) in drafts.into_iter().zip(with_password) {
            let password = if has_password {
                match stored.next() {
                    Some(Ok(p)) => Some(p),
                    Some(Err(e)) => {
                        results[n] = Some(Err(e));
                        continue;
                    }
                    None => {
                        results[n] = Some(Err(CoreError::Storage("password lost".into())));
                        continue;
                    }
                }
            } else {
                None
            };
            match complete(draft, password) {
                Ok(p) => ready.push((n, p)),
                Err(e) => results[n] = Some(Err(e)),
            }
        }
        for chunk in ready.chunks(CREATE_BATCH) {
            let items: Vec<&Prepared> = chunk.iter().map(|(_, p)| p).collect();
            let outcomes = match self.write_batch(&items).await {
                Ok(outcomes) => outcomes,
                Err(e) => {
                    // e.g. a concurrent writer took a username meanwhile: item by item, each
                    // in its own transaction, gives every item its own answer
                    tracing::info!(error = %e, "batch write failed; writing item by item");
                    self.write_one_by_one(&items).await
                }
            };
            for ((n, _), outcome) in chunk.iter().zip(outcomes) {
                results[*n] = Some(outcome);
            }
        }
        results
            .into_iter()
            .map(|r| r.unwrap_or_else(|| Err(CoreError::Storage("item not processed".into()))))
            .collect()
    }

    async fn write_one_by_one(&self, items: &[&Prepared]) -> Vec<CoreResult<i64>> {
        let mut out = Vec::with_capacity(items.len());
        for p in items {
            let res = async {
                let tx = self.begin().await?;
                let id = insert_prepared(&*tx, p).await?;
                self.commit(tx).await?;
                Ok(id)
            }
            .await;
            out.push(res);
        }
        out
    }

    /// One transaction for the batch. The outer error means the transaction failed (nothing
    /// written); the inner results are the items' own outcomes.
    async fn write_batch(&self, items: &[&Prepared]) -> CoreResult<Vec<CoreResult<i64>>> {
        let tx = self.begin().await?;
        let plan = plan_batch(&*tx, items).await?;
        let mut fields = plan.fields;
        let field_ids = fields.create_used(&*tx).await?;

        let mut users = Vec::new();
        for (p, outcome) in items.iter().zip(&plan.outcomes) {
            if outcome.is_ok() {
                users.push(&p.user);
            }
        }
        let mut new_ids = tx.insert_users(&users).await?.into_iter();

        let mut results = Vec::with_capacity(items.len());
        let mut by_url: HashMap<i64, Vec<i64>> = HashMap::new();
        let mut values = Vec::new();
        for (p, outcome) in items.iter().zip(plan.outcomes) {
            let writes = match outcome {
                Ok(writes) => writes,
                Err(e) => {
                    results.push(Err(e));
                    continue;
                }
            };
            let id = new_ids
                .next()
                .ok_or_else(|| CoreError::Storage("inserted user without id".into()))?;
            by_url.entry(p.access_url_id).or_default().push(id);
            // later writes of the same field win, as when they are written one after another
            let mut item_values: Vec<(i64, String)> = Vec::new();
            for (slot, value) in writes {
                let field_id = field_ids[slot];
                match item_values.iter_mut().find(|(f, _)| *f == field_id) {
                    Some(existing) => existing.1 = value,
                    None => item_values.push((field_id, value)),
                }
            }
            values.extend(item_values.into_iter().map(|(f, v)| (f, id, v)));
            results.push(Ok(id));
        }
        let mut urls: Vec<_> = by_url.into_iter().collect();
        urls.sort_unstable_by_key(|(url, _)| *url);
        for (url, ids) in urls {
            tx.link_users_to_url(url, &ids).await?;
        }
        tx.set_values(&values).await?;
        self.commit(tx).await?;
        Ok(results)
    }
}

/// The extra fields a batch names: found ones, and ones to create if an item that succeeds
/// needs them. Slots index `fields`.
#[derive(Default)]
struct FieldPlan {
    by_name: HashMap<String, CoreResult<usize>>,
    fields: Vec<PlannedField>,
}

struct PlannedField {
    /// `id` 0 while not created yet
    field: ExtraField,
    used: bool,
}

impl FieldPlan {
    /// The slot of a field name as `field_or_create` would find or create it.
    async fn slot(&mut self, repo: &dyn Repo, name: &str) -> CoreResult<usize> {
        if let Some(known) = self.by_name.get(name) {
            return known.clone();
        }
        let slot = self.lookup(repo, name).await;
        if matches!(slot, Err(CoreError::Storage(_))) {
            return slot;
        }
        self.by_name.insert(name.to_string(), slot.clone());
        slot
    }

    async fn lookup(&mut self, repo: &dyn Repo, name: &str) -> CoreResult<usize> {
        if name.trim().is_empty() {
            return Err(CoreError::invalid("field_name", "must not be empty"));
        }
        limits::check_len("field_name", name.trim(), limits::VARIABLE)?;
        let canonical = name.to_lowercase();
        if let Some(n) = self
            .fields
            .iter()
            .position(|f| f.field.variable.to_lowercase() == canonical)
        {
            return Ok(n);
        }
        let field = match repo.find_field(ItemType::User, name).await? {
            Some(found) => found,
            None => ExtraField {
                id: 0,
                item_type: ItemType::User,
                variable: normalize_variable(name),
                field_type: FIELD_TYPE_TEXT,
                display_text: name.trim().to_string(),
                visible_to_self: true,
                filter: false,
            },
        };
        self.fields.push(PlannedField { field, used: false });
        Ok(self.fields.len() - 1)
    }

    /// Creates the planned fields that a successful item uses; every slot's id.
    async fn create_used(&mut self, repo: &dyn Repo) -> CoreResult<Vec<i64>> {
        for planned in &mut self.fields {
            if planned.field.id == 0 && planned.used {
                planned.field = repo.insert_field(&planned.field).await?;
            }
        }
        Ok(self.fields.iter().map(|p| p.field.id).collect())
    }
}

struct BatchPlan {
    fields: FieldPlan,
    /// per item: the (field slot, value) writes to make, or why it fails
    outcomes: Vec<CoreResult<Vec<(usize, String)>>>,
}

/// Decides every item's outcome against the database and the items before it, reading in
/// a few set-wise queries; writes nothing.
async fn plan_batch(repo: &dyn Repo, items: &[&Prepared]) -> CoreResult<BatchPlan> {
    let canonical: Vec<String> = items
        .iter()
        .map(|p| p.user.username.to_lowercase())
        .collect();
    let taken = repo.taken_usernames(&canonical).await?;

    let mut fields = FieldPlan::default();
    let mut external = Vec::with_capacity(items.len());
    for p in items {
        external.push(match &p.external_id {
            Some(r) if !r.is_internal(ItemType::User) => {
                if let Err(e) = r.check_value() {
                    Some(Err(e))
                } else {
                    Some(
                        fields
                            .slot(repo, &r.field_name)
                            .await
                            .map(|slot| (slot, lookup_key(&r.value))),
                    )
                }
            }
            _ => None,
        });
    }
    let taken_keys = taken_external_ids(repo, &mut fields, &external).await?;

    let mut urls: HashMap<i64, bool> = HashMap::new();
    let mut claimed_names = HashSet::new();
    let mut claimed_keys = HashSet::new();
    let mut outcomes = Vec::with_capacity(items.len());
    for ((p, name), ext) in items.iter().zip(canonical).zip(external) {
        let outcome = async {
            if taken.contains(&name) || claimed_names.contains(&name) {
                return Err(CoreError::AlreadyExists(Conflict::Username));
            }
            let mut writes = Vec::new();
            if let Some(ext) = ext {
                let (slot, k) = ext?;
                if taken_keys.contains(&(slot, k.clone()))
                    || claimed_keys.contains(&(slot, k.clone()))
                {
                    return Err(CoreError::AlreadyExists(Conflict::ExternalId {
                        field: fields.fields[slot].field.variable.clone(),
                    }));
                }
                writes.push((
                    slot,
                    p.external_id
                        .as_ref()
                        .map(|r| r.value.clone())
                        .unwrap_or_default(),
                ));
            }
            let url_exists = match urls.get(&p.access_url_id) {
                Some(known) => *known,
                None => {
                    let found = repo.get_url(p.access_url_id).await?.is_some();
                    urls.insert(p.access_url_id, found);
                    found
                }
            };
            if !url_exists {
                return Err(CoreError::NotFound(Entity::AccessUrl));
            }
            for (extra, value) in &p.extras {
                if extra.trim().is_empty() || extra == ItemType::User.internal_id_name() {
                    continue;
                }
                writes.push((fields.slot(repo, extra).await?, value.clone()));
            }
            Ok(writes)
        }
        .await;
        match outcome {
            Ok(writes) => {
                claimed_names.insert(name);
                // what the item ends up holding, extras included, is what later items meet
                let mut last: HashMap<usize, &String> = HashMap::new();
                for (slot, value) in &writes {
                    fields.fields[*slot].used = true;
                    last.insert(*slot, value);
                }
                claimed_keys.extend(last.into_iter().map(|(slot, v)| (slot, lookup_key(v))));
                outcomes.push(Ok(writes));
            }
            Err(CoreError::Storage(e)) => return Err(CoreError::Storage(e)),
            Err(e) => outcomes.push(Err(e)),
        }
    }
    Ok(BatchPlan { fields, outcomes })
}

/// The (slot, lookup key) pairs already mapped to an existing user, for existing fields.
/// Locks each such field first, so concurrent creators of the same ids serialise.
async fn taken_external_ids(
    repo: &dyn Repo,
    fields: &mut FieldPlan,
    external: &[Option<CoreResult<(usize, String)>>],
) -> CoreResult<HashSet<(usize, String)>> {
    let mut keys_by_slot: HashMap<usize, Vec<String>> = HashMap::new();
    for (slot, key) in external.iter().flatten().flatten() {
        keys_by_slot.entry(*slot).or_default().push(key.clone());
    }
    let mut taken = HashSet::new();
    let mut slots: Vec<_> = keys_by_slot.into_iter().collect();
    slots.sort_unstable_by_key(|(slot, _)| *slot);
    for (slot, keys) in slots {
        let field_id = fields.fields[slot].field.id;
        if field_id == 0 {
            continue; // a field still to create has no values
        }
        repo.lock_field(field_id).await?;
        let rows = repo.values_with_keys(field_id, &keys).await?;
        let wanted: HashSet<&String> = keys.iter().collect();
        let matching: Vec<(i64, String)> = rows
            .into_iter()
            .map(|(item, value)| (item, lookup_key(&value)))
            .filter(|(_, key)| wanted.contains(key))
            .collect();
        let ids: Vec<i64> = matching.iter().map(|(item, _)| *item).collect();
        // a value left behind by a removed user does not count
        let alive = repo.existing_items(ItemType::User, &ids).await?;
        for (item, key) in matching {
            if alive.contains(&item) {
                taken.insert((slot, key));
            }
        }
    }
    Ok(taken)
}
