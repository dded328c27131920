//! Concurrent appenders never fork the chain: 8 tasks × 200 appends leave
//! one valid chain of 1,600 records with every seq used once.

#[macro_use]
mod backends;

use backends::DataDir;
use std::collections::BTreeSet;

mod audit_support;

async fn eight_tasks_leave_one_chain(dir: DataDir) {
    let (store, _) = audit_support::filled(&dir, 1000, 0).await;

    let tasks: Vec<_> = (0..8)
        .map(|task| {
            let store = store.clone();
            tokio::spawn(async move {
                let mut seqs = Vec::new();
                for i in 0..200 {
                    seqs.push(store.append_audit(&audit_support::record(task * 1000 + i)).await.unwrap().seq);
                }
                seqs
            })
        })
        .collect();
    let mut seqs = BTreeSet::new();
    for task in tasks {
        seqs.extend(task.await.unwrap());
    }

    assert_eq!(seqs, (1..=1600).collect::<BTreeSet<i64>>());
    let report = store.verify_audit().await.unwrap();
    assert!(report.is_ok(), "{report:?}");
    assert_eq!((report.records, report.checkpoints), (1600, 1));
}

on_both_backends!(eight_tasks_leave_one_chain);
