//! Where Argon2id runs (issue 5, "Sign-in cost" target: a sign-in storm must
//! not starve SIP).
//!
//! Every password hash and verification runs on a small pool of its own
//! threads: one fewer than the machine's cores, at least one, so a storm of
//! sign-ins can never take every core, and each thread lowered to nice 10
//! once when it starts, so the SIP and RTP threads win whatever core they
//! share with it. Work beyond the pool waits in its queue; the async
//! threads only wait for the answer.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, OnceLock};

use crate::StoreError;

/// The nice value hashing threads run at (0 is the default, 19 the lowest).
const NICENESS: i32 = 10;

type Job = Box<dyn FnOnce() + Send>;

/// Runs `work` on a hashing thread and returns what it returned;
/// [`StoreError::HashingTask`] if it panicked.
pub(crate) async fn run<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, StoreError> {
    let (done, answer) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        if let Ok(value) = catch_unwind(AssertUnwindSafe(work)) {
            let _ = done.send(value);
        }
    });
    queue().lock().map_err(|_| StoreError::HashingTask)?.send(job).map_err(|_| StoreError::HashingTask)?;
    answer.await.map_err(|_| StoreError::HashingTask)
}

/// How many hashing threads there are.
pub(crate) fn lanes() -> usize {
    std::thread::available_parallelism().map_or(1, |cores| cores.get().saturating_sub(1).max(1))
}

/// The pool's queue, its threads started on first use.
fn queue() -> &'static Mutex<Sender<Job>> {
    static QUEUE: OnceLock<Mutex<Sender<Job>>> = OnceLock::new();
    QUEUE.get_or_init(|| {
        let (sender, jobs) = channel::<Job>();
        let jobs = Arc::new(Mutex::new(jobs));
        for lane in 0..lanes() {
            let jobs = Arc::clone(&jobs);
            std::thread::Builder::new()
                .name(format!("password-hash-{lane}"))
                .spawn(move || serve(&jobs))
                .expect("a hashing thread starts");
        }
        Mutex::new(sender)
    })
}

/// One hashing thread: lower its priority, then run jobs until the queue closes.
fn serve(jobs: &Mutex<Receiver<Job>>) {
    lower_priority();
    loop {
        let next = match jobs.lock() {
            Ok(jobs) => jobs.recv(),
            Err(_) => return,
        };
        match next {
            Ok(job) => job(),
            Err(_) => return,
        }
    }
}

/// Sets this thread's nice value to [`NICENESS`] (on Linux a thread has
/// its own). Raising the value needs no privilege; if it fails anyway the
/// thread hashes at normal priority, still within the pool's bound.
fn lower_priority() {
    if let Err(error) = rustix::process::setpriority_process(None, NICENESS) {
        tracing::warn!(%error, "password hashing: could not lower the thread's priority");
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn no_more_than_the_lanes_hash_at_once_and_all_finish() {
        static RUNNING: AtomicUsize = AtomicUsize::new(0);
        static MOST: AtomicUsize = AtomicUsize::new(0);
        let jobs = (0..4 * lanes() + 2).map(|n| {
            run(move || {
                let now = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
                MOST.fetch_max(now, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(20));
                RUNNING.fetch_sub(1, Ordering::SeqCst);
                n
            })
        });
        let done: Vec<usize> = futures_util::future::join_all(jobs).await.into_iter().map(Result::unwrap).collect();
        assert_eq!(done, (0..4 * lanes() + 2).collect::<Vec<_>>());
        assert!(MOST.load(Ordering::SeqCst) <= lanes(), "at most {} at once", lanes());
    }

    #[tokio::test]
    async fn a_panicking_job_is_an_error_and_the_pool_goes_on() {
        assert!(matches!(run(|| panic!("boom")).await, Err(StoreError::HashingTask)));
        assert_eq!(run(|| 7).await.unwrap(), 7);
    }

    #[test]
    fn hashing_threads_run_below_normal_priority() {
        let nice = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(run(|| rustix::process::getpriority_process(None)))
            .unwrap();
        assert_eq!(nice.unwrap(), NICENESS);
    }
}
