//! Seeing whether memory is wiped before it is given back, without reading freed memory.
//!
//! [`WatchingAllocator`] is a global allocator that forwards every call to the system's and, while
//! a watch is on, looks into each block just before it is freed (while it is still the program's)
//! for a marker. A test installs it in its own test binary (`#[global_allocator]`), drops a value
//! holding the marker, and asks whether any freed block still held it: a value that wipes itself on
//! drop leaves none. The test never calls the wipe itself, so it proves that the drop does.
//!
//! Only blocks exactly as long as the marker are looked into: the value under test holds the
//! marker and nothing else (a `String` made from it has no spare capacity), so its block is wholly
//! written. The test binary should run that one test alone, so no other thread frees a block of
//! that size, perhaps never written, while the watch is on.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, Ordering};

/// A global allocator that watches freed blocks for `marker` (see the module notes).
pub struct WatchingAllocator {
    marker: &'static [u8],
    watching: AtomicBool,
    seen: AtomicBool,
}

impl WatchingAllocator {
    /// `marker` must be specific enough that nothing else freed meanwhile holds it.
    pub const fn new(marker: &'static [u8]) -> Self {
        Self {
            marker,
            watching: AtomicBool::new(false),
            seen: AtomicBool::new(false),
        }
    }

    /// Runs `f` with the watch on; answers whether a block freed meanwhile still held the marker.
    pub fn freed_with_marker(&self, f: impl FnOnce()) -> bool {
        self.seen.store(false, Ordering::SeqCst);
        self.watching.store(true, Ordering::SeqCst);
        f();
        self.watching.store(false, Ordering::SeqCst);
        self.seen.load(Ordering::SeqCst)
    }

    fn holds_marker(&self, block: &[u8]) -> bool {
        !self.marker.is_empty() && block == self.marker
    }
}

// SAFETY: every call is forwarded unchanged to `System`, which upholds `GlobalAlloc`'s contract.
// `dealloc` reads the block only before forwarding, while it is still allocated with `layout`, and
// allocates nothing itself.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for WatchingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is `System::alloc`'s.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if self.watching.load(Ordering::Relaxed)
            && !ptr.is_null()
            && layout.size() == self.marker.len()
        {
            // SAFETY: `ptr` is a live block of `layout.size()` bytes allocated by `alloc` (the
            // caller's contract), read before it is freed; blocks of this size are the value
            // under test's, wholly written (see the module notes).
            let block = unsafe { std::slice::from_raw_parts(ptr, layout.size()) };
            if self.holds_marker(block) {
                self.seen.store(true, Ordering::SeqCst);
            }
        }
        // SAFETY: as above, forwarded unchanged.
        unsafe { System.dealloc(ptr, layout) }
    }
}
