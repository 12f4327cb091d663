//! A `Secret` wipes its bytes when it is dropped, proved without calling the wipe: the test binary's
//! allocator (the test kit's `WatchingAllocator`) looks into each block just before it is freed, and
//! no freed block may still hold the key. A plain `String` of the same key, dropped the same way,
//! is seen, so the watch can fail. Its own test binary, with this one test: the allocator watches
//! every free of the process while it is on.

use sso_desk_core::secret::Secret;
use sso_desk_testkit::wiped::WatchingAllocator;

const MARKER: &[u8] = b"jc-key-wiped-on-drop-7f3a91c2e8";

#[global_allocator]
static ALLOCATOR: WatchingAllocator = WatchingAllocator::new(MARKER);

#[test]
fn a_dropped_secret_and_its_clones_leave_no_copy_of_the_key_in_freed_memory() {
    let key = std::str::from_utf8(MARKER).expect("UTF-8");
    assert!(
        ALLOCATOR.freed_with_marker(|| drop(String::from(key))),
        "the watch sees a freed block that still holds the key"
    );
    let left = ALLOCATOR.freed_with_marker(|| {
        let secret = Secret::new(key);
        let clone = secret.clone();
        assert_eq!(clone.expose(), key, "a clone is its own copy");
        drop(secret);
        drop(clone);
    });
    assert!(
        !left,
        "a Secret's bytes were freed unwiped: dropping it must overwrite them"
    );
}
