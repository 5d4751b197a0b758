//! Allocator settings, applied once at start-up, before any thread exists.
//!
//! Both are about glibc's allocator (Linux); elsewhere these functions do nothing.
//!
//! - It gives the free memory at the top of a heap back to the system as soon as 128 KiB of
//!   it are free. Answering a question allocates and frees a few hundred KiB (mostly Tantivy's
//!   per-query buffers), so with that default every answer handed the same pages back and
//!   faulted them in again: a third of the time of the slowest questions on the shipped
//!   corpus. Every command keeps up to 1 MiB free per heap instead.
//! - It gives each thread that contends for a heap a heap of its own (up to 8 per core). The
//!   bot's async runtime moves requests between its threads, so every heap ends up with the
//!   scattered free space of them all, and RSS creeps up under load (docs/PERFORMANCE.md).
//!   `serve` uses one heap: its threads spend their time waiting on the network, not on the
//!   allocator's lock.

/// Free memory a heap keeps before returning it to the system.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const TRIM_THRESHOLD_BYTES: libc::c_int = 1 << 20;

/// Keeps the freed memory of the answer path for the next answer. Call it first in `main`.
pub fn tune() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` only changes allocator parameters; a refused setting (return value 0)
    // leaves glibc's default in place.
    unsafe {
        libc::mallopt(libc::M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES);
    }
}

/// One heap for the whole process, for a long-running server. Call it before starting threads.
pub(crate) fn one_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: as in `tune`.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}
