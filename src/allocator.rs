//! Allocator settings, applied once at start-up.
//!
//! glibc's allocator gives the free memory at the top of a heap back to the system as soon as
//! 128 KiB of it are free. Answering a question allocates and frees a few hundred KiB (mostly
//! Tantivy's per-query buffers), so with that default every answer hands the same pages back
//! and faults them in again: measured on the shipped corpus, a third of the time of the
//! slowest questions. Keeping up to 1 MiB free per heap costs at most that much memory per
//! thread's heap and makes the answer path's allocations reuse warm pages.

/// Free memory a heap keeps before returning it to the system.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const TRIM_THRESHOLD_BYTES: libc::c_int = 1 << 20;

/// Applies the settings above. Call it first thing in `main`, before any thread starts.
pub fn tune() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` only changes allocator parameters; it is called before other threads
    // exist, and a refused setting (return value 0) leaves glibc's default in place.
    unsafe {
        libc::mallopt(libc::M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES);
    }
}
