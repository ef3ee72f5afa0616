#pragma once

#include "upstream/UpstreamTypes.h"

#include <QBasicTimer>
#include <QElapsedTimer>
#include <QObject>

#include <array>
#include <cstddef>

struct curl_slist;

namespace switchyard::upstream {

class CurlMulti;

/// One upstream request in flight. Signals are emitted from the owning thread's event loop,
/// never from inside a libcurl callback, so slots may call cancel() or start new transfers.
class UpstreamTransfer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UpstreamTransfer)

public:
    ~UpstreamTransfer() override;

    /// Aborts at once and closes the upstream connection. finished(Cancelled) follows
    /// synchronously; nothing else is emitted afterwards.
    void cancel();

    int status() const { return m_status; }
    const base::HeaderList &responseHeaders() const { return m_headers; }
    qint64 bytesReceived() const { return m_bytesReceived; }
    /// Milliseconds from start to the response headers (-1 before).
    qint64 timeToHeadersMs() const { return m_timeToHeadersMs; }
    bool isFinished() const { return m_finished; }

Q_SIGNALS:
    /// Final (non-1xx) status line and all headers have arrived. Emitted once, before data.
    void responseStarted(int status, const base::HeaderList &headers);
    /// Body bytes (de-chunked) as they arrive, in order.
    void dataReceived(const QByteArray &data);
    /// Exactly once. error == None: the response is complete.
    void finished(TransferError error, const QString &message);

private:
    friend class CurlMulti;
    explicit UpstreamTransfer(QObject *parent);

    // Outcomes. complete() records libcurl's verdict; fail() ends the transfer from the
    // event loop; failLater() reports a problem found before start() returned.
    void complete(int curlCode);
    void fail(TransferError error, const QString &message);
    void failLater(TransferError error, const QString &message);

    // Delivery: state gathered inside libcurl callbacks, emitted from the event loop.
    void deliverPending();
    void setPendingFinish(TransferError error, const QString &message);
    void timerEvent(QTimerEvent *event) override;
    void armWatchdog(qint64 phaseStartMs);

    // libcurl callbacks: record only, never emit.
    static size_t onHeader(char *data, size_t size, size_t count, void *userdata);
    static size_t onWrite(char *data, size_t size, size_t count, void *userdata);
    static int onPrereq(void *userdata, char *, char *, int, int);
    void parseHeaderLine(QByteArrayView line);
    void headersComplete();

    int m_status = 0;
    base::HeaderList m_headers;
    qint64 m_bytesReceived = 0;
    qint64 m_timeToHeadersMs = -1;
    bool m_finished = false;
    QElapsedTimer m_clock;
    void *m_easy = nullptr; ///< CURL*, owned by CurlMulti

    CurlMulti *m_multi = nullptr;
    std::size_t m_activeIndex = 0; ///< position in CurlMulti::m_active while attached
    UpstreamTimeouts m_timeouts;
    QByteArray m_body; ///< kept alive for CURLOPT_POSTFIELDS (no copy)
    curl_slist *m_requestHeaders = nullptr;
    std::array<char, 256> m_errorBuffer {}; ///< CURLOPT_ERRORBUFFER (CURL_ERROR_SIZE)

    QBasicTimer m_watchdog; ///< first-byte, then stream-idle limit
    qint64 m_phaseStartMs = 0; ///< request sent (before headers) or last body bytes (after)
    int m_parseStatus = 0;
    bool m_connected = false;
    bool m_headersComplete = false;

    bool m_pendingHeaders = false;
    QByteArray m_pendingData;
    bool m_hasPendingFinish = false;
    TransferError m_pendingError = TransferError::None;
    QString m_pendingMessage;
    bool m_queued = false;
    bool m_delivering = false;
};

} // namespace switchyard::upstream
