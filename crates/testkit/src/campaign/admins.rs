//! The campaign's actors: three admins working through the core, and a fourth editing
//! applications' `description` through the raw API as JumpCloud's console does.

use super::*;

/// One admin using SSO Desk: saves of its attribute field, creates, group bindings.
pub(super) async fn admin(world: Arc<World>, who: usize, seed: u64, mut log: Log) -> Log {
    let mut rng = Rng(seed);
    // Drafts this admin has open: the copy each save starts from, reused while it lasts.
    let mut drafts: HashMap<String, Value> = HashMap::new();
    let mut creates = 0usize;
    while let Some(n) = world.take() {
        log.operations += 1;
        let roll = rng.below(10);
        let app = world.pool[rng.below(world.pool.len())].clone();
        if roll < 5 {
            // A save of an attribute edit, often from a draft opened a while ago.
            let base = match drafts.get(&app) {
                Some(d) if rng.below(2) == 0 => d.clone(),
                _ => {
                    let w = world.clone();
                    let id = app.clone();
                    match tokio::spawn(async move { w.client.get_application(&id).await }).await {
                        Ok(Ok(a)) => a.into_value(),
                        Ok(Err(e)) => {
                            log.failure("read for a draft", &e);
                            continue;
                        }
                        Err(_) => {
                            log.panics += 1;
                            continue;
                        }
                    }
                }
            };
            let value = json!({"value": format!("a{who}-{n}")});
            let mut edited = base.clone();
            edited["config"][attribute_field(who)] = value.clone();
            let slot_key = (app.clone(), attribute_field(who));
            let w = world.clone();
            let lock = world.lock(&app);
            let (b, e) = (base.clone(), edited.clone());
            let outcome = tokio::spawn(async move {
                let _guard = lock.lock().await;
                save_application(&w.client, &b, &e).await
            })
            .await;
            let slot = log.slots.get_mut(&slot_key).expect("slot");
            match outcome {
                Ok(Ok(SaveResult::Saved { stored, .. })) => {
                    slot.succeeded(Some(value));
                    drafts.insert(app, stored);
                }
                Ok(Ok(SaveResult::Conflict { .. })) => {
                    log.conflicts += 1;
                    drafts.remove(&app);
                }
                Ok(Err(err)) => {
                    slot.failed(Some(value));
                    drafts.remove(&app);
                    log.failure("save", &err);
                }
                Err(_) => {
                    slot.failed(Some(value));
                    drafts.remove(&app);
                    log.panics += 1;
                }
            }
        } else if roll < 7 {
            // A new application from the template, one create per workflow.
            creates += 1;
            let label = format!("campaign a{who} w{creates}");
            let new = Application::new_from_template(&world.template, &label);
            let w = world.clone();
            match tokio::spawn(async move { w.client.create_application(&new).await }).await {
                Ok(Ok(_)) => log.creates.push((label, true)),
                Ok(Err(err)) => {
                    log.creates.push((label, false));
                    log.failure("create", &err);
                }
                Err(_) => {
                    log.creates.push((label, false));
                    log.panics += 1;
                }
            }
        } else {
            // Bind or unbind this admin's group.
            let group = world.groups[who].clone();
            let add = rng.below(2) == 0;
            let slot_key = (app.clone(), binding_slot(&group));
            let w = world.clone();
            let outcome = tokio::spawn(async move {
                if add {
                    w.client.bind_group(&app, &group).await
                } else {
                    w.client.unbind_group(&app, &group).await
                }
            })
            .await;
            let slot = log.slots.get_mut(&slot_key).expect("slot");
            match outcome {
                Ok(Ok(())) => slot.succeeded(Some(json!(add))),
                Ok(Err(err)) => {
                    slot.failed(Some(json!(add)));
                    log.failure(if add { "bind" } else { "unbind" }, &err);
                }
                Err(_) => {
                    slot.failed(Some(json!(add)));
                    log.panics += 1;
                }
            }
        }
    }
    log
}

/// The JumpCloud console: reads an application and puts it back with another description.
pub(super) async fn console(world: Arc<World>, seed: u64, mut log: Log) -> Log {
    let mut rng = Rng(seed);
    while let Some(n) = world.take() {
        log.operations += 1;
        let app = world.pool[rng.below(world.pool.len())].clone();
        let value = json!(format!("console edit {n}"));
        let slot_key = (app.clone(), "description".to_owned());
        let w = world.clone();
        let lock = world.lock(&app);
        let v = value.clone();
        let outcome = tokio::spawn(async move {
            let _guard = lock.lock().await;
            let path = format!("/api/applications/{app}");
            let mut doc = w.raw_json(reqwest::Method::GET, &path, None).await?;
            // A read that failed wrote nothing.
            doc["description"] = v;
            w.raw_json(reqwest::Method::PUT, &path, Some(&doc))
                .await
                .map_err(|e| format!("put: {e}"))
        })
        .await;
        let slot = log.slots.get_mut(&slot_key).expect("slot");
        match outcome {
            Ok(Ok(_)) => slot.succeeded(Some(value)),
            Ok(Err(e)) => {
                if e.starts_with("put: ") {
                    slot.failed(Some(value));
                }
                log.console_failures += 1;
            }
            Err(_) => {
                slot.failed(Some(value));
                log.panics += 1;
            }
        }
    }
    log
}
