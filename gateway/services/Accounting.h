#pragma once

#include "base/RequestRecord.h"
#include "base/WireFormat.h"
#include "services/GatewayServices.h"
#include "telemetry/GatewayMetrics.h"
#include "telemetry/LiveStats.h"

#include <QDate>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

namespace switchyard::config {
struct Config;
}
namespace switchyard::cost {
class BudgetTracker;
class PriceTable;
} // namespace switchyard::cost
namespace switchyard::http {
class HttpExchange;
}
namespace switchyard::routing {
struct RoutingDecision;
}

namespace switchyard::services {

/// What happens to a request once it is over, or before it may start on budget grounds:
/// prices, budgets, Prometheus counters, live statistics, and the 100 ms batches of records
/// that go to the request log, the event stream and the UI. Lives in the gateway thread.
class Accounting final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Accounting)

public:
    /// \a config is the gateway's (updated in place on reloads); \a inFlight counts the
    /// requests being served, for the live snapshot.
    Accounting(const config::Config &config, std::function<int()> inFlight,
               QObject *parent = nullptr);
    ~Accounting() override;

    /// The request log and data dir; call before rebuildBudgets().
    void setServices(const GatewayServices &services) { m_services = services; }
    /// Budgets from the config, their spend so far read back from the request log.
    void rebuildBudgets();
    /// Starts the once-a-second live snapshot.
    void start();
    void stop();

    /// 429 budget_exceeded (in the client's error shape) when a blocking budget covers the
    /// request; trims attempts to providers whose own budget blocks. True when it may go on.
    bool admitByBudget(http::HttpExchange *exchange, routing::RoutingDecision &decision,
                       base::WireFormat format);
    /// A request is over: price it, count it everywhere, queue it for the next batch.
    void recordCompleted(const base::RequestRecord &record);
    /// Called with every priced record, right after budgets counted it (access tokens' daily
    /// spend, keys the upstream rejected).
    void setCompletionHook(std::function<void(const base::RequestRecord &)> hook);
    /// Sends the batch now (shutdown: the last requests still reach the request log).
    void flush();

    telemetry::GatewayMetrics &metrics() { return m_metrics; }
    /// Budget gauges for /metrics.
    QList<telemetry::MetricsGauges::Budget> budgetGauges() const;
    const GatewayServices &services() const { return m_services; }

Q_SIGNALS:
    /// A budget crossed its warning threshold or its limit (for the log and the tray).
    void budgetWarning(const QString &message, bool exceeded);
    /// Finished requests, in order, batched at most every 100 ms.
    void requestsCompleted(const QList<switchyard::base::RequestRecord> &records);
    /// Once a second: rates, percentiles and spend for the dashboard.
    void liveSnapshot(const switchyard::telemetry::LiveSnapshot &snapshot);

private:
    void emitLiveSnapshot();

    const config::Config &m_config;
    GatewayServices m_services;
    std::function<int()> m_inFlight;
    std::function<void(const base::RequestRecord &)> m_completionHook;
    std::unique_ptr<cost::PriceTable> m_prices;
    std::unique_ptr<cost::BudgetTracker> m_budgets;
    double m_costToday = 0;
    double m_costMonth = 0;
    QDate m_costDay;
    telemetry::GatewayMetrics m_metrics;
    telemetry::LiveStats m_live;
    QTimer m_liveTimer;
    QTimer m_recordFlush;
    QList<base::RequestRecord> m_completed;
};

} // namespace switchyard::services
