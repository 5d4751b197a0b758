//! What operators watch: `GET /healthz` and `GET /metrics` (the Prometheus text format), served
//! on `MOU_METRICS_LISTEN` or, when it is unset in webhook mode, beside the webhook; and the metrics the
//! bot records as it works (all named `mou_…`).
//!
//! The metrics go through the `metrics` facade: recording one is a no-op until `serve`
//! installs the Prometheus recorder (only when it serves `/metrics`), so `ask`, `eval` and a
//! bot without a metrics listener pay nothing for them.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use futures::future::BoxFuture;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::index::IndexInfo;

/// Answer latency buckets, in seconds: answers take well under a millisecond of work, and
/// seconds when a reply waits for Telegram's rate limit or a retry.
const LATENCY_BUCKETS: &[f64] = &[
    0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// `/healthz` asks the Bot API itself when it has not been tried for this long.
const RECHECK_AFTER: Duration = Duration::from_secs(5);

/// How often the recorder folds the latencies recorded since into its histogram.
const UPKEEP_EVERY: Duration = Duration::from_secs(5);

/// Installs the Prometheus recorder for this process; the handle renders `/metrics`. Call it
/// inside the async runtime.
pub fn install_metrics() -> anyhow::Result<PrometheusHandle> {
    let handle = PrometheusBuilder::new()
        .set_buckets_for_metric(
            Matcher::Full("mou_answer_latency_seconds".to_owned()),
            LATENCY_BUCKETS,
        )
        .context("cannot set the latency buckets")?
        .install_recorder()
        .context("cannot install the metrics recorder")?;
    // The recorder keeps every latency until they are folded into the histogram, which only
    // a scrape or an upkeep does: without this, memory would grow with every question.
    let upkeep = handle.clone();
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(UPKEEP_EVERY).await;
            upkeep.run_upkeep();
        }
    });
    Ok(handle)
}

/// A question handled: `outcome` is `answered`, `declined` or `small_talk`; `latency` counts
/// from the message's arrival to the reply sent.
pub fn question(outcome: &'static str, latency: Duration) {
    metrics::counter!("mou_questions_total", "outcome" => outcome).increment(1);
    metrics::histogram!("mou_answer_latency_seconds").record(latency.as_secs_f64());
}

/// A Bot API call that failed: `kind` is `network`, `rate_limited`, `server` or `api`.
pub fn bot_api_error(kind: &'static str) {
    metrics::counter!("mou_bot_api_errors_total", "kind" => kind).increment(1);
}

/// An update left unhandled because its user is over their allowance for its kind
/// (`message`, `press` or `inline`).
pub fn flood_limited(update: &'static str) {
    metrics::counter!("mou_flood_limited_total", "update" => update).increment(1);
}

/// An update dropped because its chat already had `MOU_CHAT_QUEUE` waiting (`message` or
/// `press`).
pub fn chat_queue_full(update: &'static str) {
    metrics::counter!("mou_chat_queue_dropped_total", "update" => update).increment(1);
}

/// Whether the Bot API answered the last time it was tried, and when that was.
#[derive(Default)]
pub struct ApiHealth {
    last: Mutex<Option<(bool, Instant)>>,
}

impl ApiHealth {
    /// Records a try: whether the Bot API answered (an error it sent counts as an answer).
    pub fn record(&self, reachable: bool) {
        *self.last.lock().unwrap_or_else(|p| p.into_inner()) = Some((reachable, Instant::now()));
    }

    fn last(&self) -> Option<(bool, Instant)> {
        *self.last.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Tries the Bot API once; resolves to whether it answered.
pub type Probe = Arc<dyn Fn() -> BoxFuture<'static, bool> + Send + Sync>;

/// The index being served, read at each request.
pub type CurrentIndex = Arc<dyn Fn() -> Arc<IndexInfo> + Send + Sync>;

/// What `/healthz` and `/metrics` read.
#[derive(Clone)]
pub struct Ops {
    pub metrics: PrometheusHandle,
    pub api: Arc<ApiHealth>,
    pub probe: Probe,
    pub index: CurrentIndex,
}

/// `GET /healthz` and `GET /metrics`.
pub fn router(ops: Ops) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .with_state(ops)
}

/// 200 when the index is open and the Bot API answered at the last try (tried now when that
/// is more than a few seconds ago), 503 otherwise; the body is one line saying which.
async fn healthz(State(ops): State<Ops>) -> (StatusCode, &'static str) {
    if (ops.index)().paragraph_count() == 0 {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "unhealthy: the index has no paragraphs\n",
        );
    }
    let reachable = match ops.api.last() {
        Some((reachable, at)) if at.elapsed() < RECHECK_AFTER => reachable,
        _ => {
            let reachable = (ops.probe)().await;
            ops.api.record(reachable);
            reachable
        }
    };
    if reachable {
        (StatusCode::OK, "ok\n")
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            "unhealthy: the Bot API did not answer at the last try\n",
        )
    }
}

/// The metrics, with the index's figures as they are now.
async fn metrics(State(ops): State<Ops>) -> String {
    let info = (ops.index)();
    metrics::gauge!("mou_documents").set(info.documents.len() as f64);
    metrics::gauge!("mou_paragraphs").set(info.paragraph_count() as f64);
    // The build time marks the index generation: it changes with every reindex.
    metrics::gauge!("mou_index_built_timestamp_seconds").set(info.built_at as f64);
    metrics::gauge!("mou_index_age_seconds").set(info.age().as_secs_f64());
    ops.metrics.render()
}

/// Serves `router` on `address` until `stop` resolves.
pub async fn serve(
    address: std::net::SocketAddr,
    router: Router,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .with_context(|| format!("cannot listen on {address} (is the port free?)"))?;
    axum::serve(listener, router)
        .with_graceful_shutdown(stop)
        .await
        .context("the listener failed")
}
