//! Another node that cached the old current key (a second store on the same
//! database) opens values sealed under the new version at once, and from
//! then on seals its own writes under the new version too.

#[macro_use]
mod backends;

mod rotation_support;

use backends::DataDir;
use sqlx::Row;

async fn a_stale_keyring_opens_and_adopts_the_new_version(dir: DataDir) {
    let here = dir.open().await;
    let customer = rotation_support::fill(&here, 1).await;
    let there = dir.open().await;
    there.upsert_extension(&rotation_support::extension(&customer, 300)).await.unwrap();

    assert_eq!(here.rotate_data_key(&customer).await.unwrap(), 2);
    here.upsert_extension(&rotation_support::extension(&customer, 301)).await.unwrap();

    let opened = there.extension(&customer, "301").await.unwrap().unwrap();
    assert_eq!(opened.display_name, rotation_support::display_name(301));
    there.upsert_extension(&rotation_support::extension(&customer, 302)).await.unwrap();
    let pool = dir.raw().await;
    let sealed: Vec<u8> = sqlx::query("SELECT display_name_sealed FROM extensions WHERE number = '302'")
        .fetch_one(&pool)
        .await
        .unwrap()
        .get(0);
    assert_eq!(rotation_support::version_of(&sealed), 2, "the stale node noticed the rotation");
    rotation_support::assert_everything_opens(&there, &customer, [100, 300, 301, 302]).await;
}

on_both_backends!(a_stale_keyring_opens_and_adopts_the_new_version);
