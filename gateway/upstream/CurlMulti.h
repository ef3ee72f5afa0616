#pragma once

#include "upstream/UpstreamTypes.h"

#include <QObject>
#include <QPointer>
#include <QSocketNotifier>
#include <QTimer>

#include <curl/curl.h>
#include <unordered_map>
#include <vector>

namespace switchyard::upstream {

class UpstreamTransfer;

/// Owns the CURLM handle and drives it from this thread's event loop: one QSocketNotifier per
/// (socket, direction) that libcurl asks us to watch, one single-shot QTimer for its timeouts.
/// Transfer events gathered inside libcurl callbacks are emitted only after
/// curl_multi_socket_action() has returned, so every slot runs outside libcurl.
class CurlMulti final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CurlMulti)

public:
    /// \a transferParent owns the transfers (the UpstreamClient).
    explicit CurlMulti(QObject *transferParent);
    ~CurlMulti() override;

    UpstreamTransfer *start(UpstreamRequestSpec spec);
    /// Cancels every transfer still attached (each emits finished(Cancelled)) and refuses
    /// new ones from then on.
    void shutdown();
    int activeTransfers() const { return static_cast<int>(m_active.size()); }

    /// Detaches \a transfer's easy handle. \a reuse keeps the handle for a later transfer;
    /// otherwise it is cleaned up. Never call from inside a libcurl callback.
    void release(UpstreamTransfer *transfer, bool reuse);
    /// Queues \a transfer for event delivery after the current libcurl call returns.
    void markDirty(UpstreamTransfer *transfer);

private:
    struct SocketWatch
    {
        QSocketNotifier *read = nullptr;
        QSocketNotifier *write = nullptr;
        bool wantRead = false; ///< what libcurl asked for; the read notifier may lag behind
        bool wantWrite = false;
    };

    static int onSocketCallback(CURL *easy, curl_socket_t fd, int what, void *userp, void *socketp);
    static int onTimerCallback(CURLM *multi, long timeoutMs, void *userp);
    static int onCloseSocket(void *clientp, curl_socket_t fd);

    void watchSocket(curl_socket_t fd, int what);
    void unwatchSocket(curl_socket_t fd);
    /// libcurl closed \a fd: drop its notifiers for good.
    void forgetSocket(curl_socket_t fd);
    QSocketNotifier *makeNotifier(curl_socket_t fd, QSocketNotifier::Type type);
    void onSocketActivated(curl_socket_t fd, int flags);
    void onTimeout();
    void collectFinished();
    void dispatch();
    [[nodiscard]] CURL *acquireEasy();
    /// Sets every option of \a easy for \a spec; returns why it cannot be sent, or empty.
    [[nodiscard]] QString configure(CURL *easy, UpstreamTransfer *transfer,
                                    UpstreamRequestSpec &spec);

    QObject *m_transferParent;
    CURLM *m_multi = nullptr;
    QTimer m_timer;
    std::unordered_map<curl_socket_t, SocketWatch> m_sockets;
    std::vector<UpstreamTransfer *> m_active; ///< attached to m_multi; index in the transfer
    std::vector<QPointer<UpstreamTransfer>> m_dirty;
    std::vector<CURL *> m_idleEasy; ///< reset handles kept to avoid curl_easy_init per request
    bool m_closing = false;
};

} // namespace switchyard::upstream
