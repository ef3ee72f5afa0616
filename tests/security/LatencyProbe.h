#pragma once

#include <QByteArray>
#include <QList>
#include <QStringList>

#include <atomic>
#include <memory>

class QThread;
class QTcpSocket;

namespace switchyard::tests {

/// What the well-behaved client saw while an attack ran.
struct ProbeStats
{
    QList<double> healthMs; ///< latency of each GET /health
    QList<double> chatMs; ///< latency of each proxied chat completion
    int failures = 0; ///< requests without a 200 answer
    QStringList errors; ///< the first few failures, for the test log

    static double percentile(QList<double> values, double p);
};

/// A well-behaved client in its own thread with blocking sockets, so the attack traffic in
/// the test thread cannot delay it: every 20 ms it sends GET /health and a proxied chat
/// completion on one keep-alive connection and records how long each answer took.
class LatencyProbe final
{
public:
    LatencyProbe(quint16 port, QByteArray chatBody, int intervalMs = 20);
    ~LatencyProbe();
    LatencyProbe(const LatencyProbe &) = delete;
    LatencyProbe &operator=(const LatencyProbe &) = delete;

    void start();
    /// Stops after the current round and returns what was measured.
    ProbeStats stop();

private:
    void run();
    bool exchange(QTcpSocket &socket, const QByteArray &request, QList<double> &latencies);

    quint16 m_port;
    QByteArray m_chatBody;
    int m_intervalMs;
    std::atomic<bool> m_stop { false };
    std::unique_ptr<QThread> m_thread;
    ProbeStats m_stats; ///< written by the probe thread only until it is joined
};

} // namespace switchyard::tests
