#include "UpstreamTransfer.h"

#include "base/DeleteSoon.h"
#include "upstream/CurlMulti.h"

#include <QMetaObject>
#include <QPointer>
#include <QTimerEvent>

#include <algorithm>
#include <curl/curl.h>
#include <utility>

using namespace Qt::StringLiterals;

namespace switchyard::upstream {

namespace {

TransferError classify(CURLcode code, bool connected, const UpstreamTimeouts &timeouts)
{
    switch (code) {
    case CURLE_OK:
        return TransferError::None;
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_PROXY:
        return TransferError::ConnectFailed;
    case CURLE_OPERATION_TIMEDOUT:
        if (connected)
            return TransferError::TotalTimeout;
        // Before the connection is up both limits run; report the one that is shorter.
        if (timeouts.totalMs > 0
            && (timeouts.connectMs <= 0 || timeouts.totalMs < timeouts.connectMs))
            return TransferError::TotalTimeout;
        return TransferError::ConnectTimeout;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_USE_SSL_FAILED:
        return TransferError::Tls;
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_BAD_CONTENT_ENCODING:
    case CURLE_TOO_MANY_REDIRECTS:
        return TransferError::Protocol;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    default:
        // Anything else also means the response did not arrive complete.
        return TransferError::Dropped;
    }
}

QString curlMessage(CURLcode code, const char *errorBuffer)
{
    // The error buffer names host and port at most; request headers never reach it.
    QString detail = QString::fromUtf8(errorBuffer).trimmed();
    if (detail.isEmpty())
        detail = QString::fromUtf8(curl_easy_strerror(code));
    return detail + u" (curl error "_s + QString::number(int(code)) + u')';
}

} // namespace

UpstreamTransfer::UpstreamTransfer(QObject *parent) : QObject(parent)
{
    static_assert(std::tuple_size_v<decltype(m_errorBuffer)> == CURL_ERROR_SIZE);
}

UpstreamTransfer::~UpstreamTransfer()
{
    // Deleted while running (by its owner, or directly by a user): detach quietly.
    if (m_easy && m_multi)
        m_multi->release(this, false);
}

void UpstreamTransfer::cancel()
{
    if (m_finished)
        return;
    m_watchdog.stop();
    // Removing a running easy handle makes libcurl close its HTTP/1.1 connection (or reset
    // the HTTP/2 stream), so the upstream stops generating for us.
    if (m_easy && m_multi)
        m_multi->release(this, false);
    m_pendingHeaders = false;
    m_pendingData = QByteArray();
    m_hasPendingFinish = false;
    m_finished = true;
    const QPointer<UpstreamTransfer> self(this);
    Q_EMIT finished(TransferError::Cancelled, u"cancelled"_s);
    if (self)
        base::deleteSoon(this);
}

void UpstreamTransfer::complete(int curlCode)
{
    const auto code = static_cast<CURLcode>(curlCode);
    if (code == CURLE_OK) {
        if (!m_headersComplete) {
            // Defensive: libcurl accepted a response whose head we did not see end.
            long status = 0;
            curl_easy_getinfo(static_cast<CURL *>(m_easy), CURLINFO_RESPONSE_CODE, &status);
            m_parseStatus = int(status);
            headersComplete();
        }
        setPendingFinish(TransferError::None, QString());
    } else {
        setPendingFinish(classify(code, m_connected, m_timeouts),
                         curlMessage(code, m_errorBuffer.data()));
    }
    m_watchdog.stop();
    m_multi->markDirty(this);
}

void UpstreamTransfer::fail(TransferError error, const QString &message)
{
    if (m_finished || m_hasPendingFinish)
        return;
    m_watchdog.stop();
    if (m_easy && m_multi)
        m_multi->release(this, true);
    setPendingFinish(error, message);
    deliverPending();
}

void UpstreamTransfer::failLater(TransferError error, const QString &message)
{
    // start() has not returned yet: nobody is connected, so deliver from the event loop.
    setPendingFinish(error, message);
    QMetaObject::invokeMethod(
        this, [this] { deliverPending(); }, Qt::QueuedConnection);
}

void UpstreamTransfer::setPendingFinish(TransferError error, const QString &message)
{
    m_hasPendingFinish = true;
    m_pendingError = error;
    m_pendingMessage = message;
}

void UpstreamTransfer::deliverPending()
{
    // A slot that spins a nested event loop must not see this transfer's events out of
    // order: the outer frame keeps draining once the slot returns.
    if (m_delivering || m_finished)
        return;
    m_delivering = true;
    const QPointer<UpstreamTransfer> self(this);
    while (!m_finished) {
        if (m_pendingHeaders) {
            m_pendingHeaders = false;
            Q_EMIT responseStarted(m_status, m_headers);
        } else if (!m_pendingData.isEmpty()) {
            // A copy of the handle, not a reference: a slot may cancel() and clear the queue.
            const QByteArray data = std::exchange(m_pendingData, QByteArray());
            Q_EMIT dataReceived(data);
        } else if (m_hasPendingFinish) {
            m_hasPendingFinish = false;
            m_finished = true;
            const QString message = std::exchange(m_pendingMessage, QString());
            Q_EMIT finished(m_pendingError, message);
            if (self)
                base::deleteSoon(this);
        } else {
            break;
        }
        if (!self)
            return;
    }
    m_delivering = false;
}

void UpstreamTransfer::armWatchdog(qint64 phaseStartMs)
{
    m_phaseStartMs = phaseStartMs;
    const int limit = m_headersComplete ? m_timeouts.streamIdleMs : m_timeouts.firstByteMs;
    if (limit > 0)
        m_watchdog.start(limit, this);
    else
        m_watchdog.stop();
}

void UpstreamTransfer::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_watchdog.timerId()) {
        QObject::timerEvent(event);
        return;
    }
    // Body bytes only note the time; the timer catches up here instead of being restarted
    // for every chunk.
    const int limit = m_headersComplete ? m_timeouts.streamIdleMs : m_timeouts.firstByteMs;
    const qint64 waited = m_clock.elapsed() - m_phaseStartMs;
    if (waited < limit) {
        m_watchdog.start(int(limit - waited), this);
        return;
    }
    if (m_headersComplete) {
        fail(TransferError::StreamIdleTimeout,
             u"no response data for "_s + QString::number(limit) + u" ms"_s);
    } else {
        fail(TransferError::FirstByteTimeout,
             u"no response headers within "_s + QString::number(limit) + u" ms"_s);
    }
}

int UpstreamTransfer::onPrereq(void *userdata, char *, char *, int, int)
{
    // The connection (TCP, TLS, proxy tunnel) is up and the request goes out now.
    auto *self = static_cast<UpstreamTransfer *>(userdata);
    self->m_connected = true;
    if (!self->m_headersComplete)
        self->armWatchdog(self->m_clock.elapsed());
    return CURL_PREREQFUNC_OK;
}

size_t UpstreamTransfer::onHeader(char *data, size_t size, size_t count, void *userdata)
{
    const size_t length = size * count;
    static_cast<UpstreamTransfer *>(userdata)->parseHeaderLine(
        QByteArrayView(data, qsizetype(length)));
    return length;
}

size_t UpstreamTransfer::onWrite(char *data, size_t size, size_t count, void *userdata)
{
    const size_t length = size * count;
    auto *self = static_cast<UpstreamTransfer *>(userdata);
    self->m_pendingData.append(data, qsizetype(length));
    self->m_bytesReceived += qint64(length);
    self->m_phaseStartMs = self->m_clock.elapsed();
    self->m_multi->markDirty(self);
    return length;
}

void UpstreamTransfer::parseHeaderLine(QByteArrayView line)
{
    if (m_headersComplete)
        return; // trailers after a chunked body: not part of the response head
    while (!line.isEmpty() && (line.back() == '\n' || line.back() == '\r'))
        line.chop(1);
    if (line.isEmpty()) {
        if (m_parseStatus >= 200) {
            headersComplete();
        } else {
            // End of an interim (1xx) response: the real one follows.
            m_parseStatus = 0;
            m_headers.clear();
        }
        return;
    }
    if (line.startsWith("HTTP/")) {
        // "HTTP/1.1 200 OK" or "HTTP/2 200": a new response head begins.
        const qsizetype space = line.indexOf(' ');
        const QByteArrayView code = space < 0 ? QByteArrayView() : line.sliced(space + 1);
        m_parseStatus = code.first(std::min<qsizetype>(3, code.size())).toInt();
        m_headers.clear();
        return;
    }
    if ((line.front() == ' ' || line.front() == '\t') && !m_headers.isEmpty()) {
        // Obsolete line folding: continues the previous header's value.
        m_headers.last().second.append(' ').append(line.trimmed());
        return;
    }
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0)
        return;
    m_headers.append({ line.first(colon).trimmed().toByteArray(),
                       line.sliced(colon + 1).trimmed().toByteArray() });
}

void UpstreamTransfer::headersComplete()
{
    m_headersComplete = true;
    m_status = m_parseStatus;
    m_timeToHeadersMs = m_clock.elapsed();
    m_pendingHeaders = true;
    armWatchdog(m_timeToHeadersMs);
    m_multi->markDirty(this);
}

} // namespace switchyard::upstream
