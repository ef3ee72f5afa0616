#include "CurlMulti.h"

#include "base/DeleteSoon.h"
#include "upstream/UpstreamTransfer.h"

#include <QLoggingCategory>
#include <QSocketNotifier>
#include <QString>

#ifndef Q_OS_WIN
#include <unistd.h>
#endif

#include <algorithm>
#include <climits>
#include <utility>

Q_LOGGING_CATEGORY(lcUpstream, "switchyard.upstream")

using namespace Qt::StringLiterals;

namespace switchyard::upstream {

namespace {

// Idle connections libcurl keeps for reuse across all hosts.
constexpr long kMaxCachedConnections = 256;
// Reset easy handles kept between transfers; curl_easy_init is far from free.
constexpr std::size_t kMaxIdleHandles = 64;

void initCurlOnce()
{
    // A function-local static runs exactly once even when several threads get here.
    static const CURLcode result = curl_global_init(CURL_GLOBAL_DEFAULT);
    if (result != CURLE_OK)
        qCCritical(lcUpstream) << "curl_global_init failed:" << curl_easy_strerror(result);
}

bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

bool isFieldValue(QByteArrayView text)
{
    // A CR, LF or NUL would let a value smuggle extra header lines.
    return std::none_of(text.begin(), text.end(),
                        [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
}

bool isHopByHop(QByteArrayView name)
{
    // Framing and connection management are libcurl's job; a caller's Content-Length that
    // disagrees with the body would corrupt the connection.
    static constexpr QByteArrayView kNames[] = {
        "connection", "content-length",    "expect",  "keep-alive", "proxy-connection",
        "te",         "transfer-encoding", "upgrade",
    };
    return std::any_of(std::begin(kNames), std::end(kNames), [name](QByteArrayView known) {
        return name.compare(known, Qt::CaseInsensitive) == 0;
    });
}

bool appendHeader(curl_slist *&list, const char *line)
{
    curl_slist *next = curl_slist_append(list, line);
    if (!next)
        return false;
    list = next;
    return true;
}

} // namespace

CurlMulti::CurlMulti(QObject *transferParent) : m_transferParent(transferParent)
{
    initCurlOnce();
    m_multi = curl_multi_init();
    if (m_multi) {
        curl_multi_setopt(m_multi, CURLMOPT_SOCKETFUNCTION, &CurlMulti::onSocketCallback);
        curl_multi_setopt(m_multi, CURLMOPT_SOCKETDATA, this);
        curl_multi_setopt(m_multi, CURLMOPT_TIMERFUNCTION, &CurlMulti::onTimerCallback);
        curl_multi_setopt(m_multi, CURLMOPT_TIMERDATA, this);
        curl_multi_setopt(m_multi, CURLMOPT_MAX_HOST_CONNECTIONS, 0L);
        curl_multi_setopt(m_multi, CURLMOPT_MAXCONNECTS, kMaxCachedConnections);
        curl_multi_setopt(m_multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    } else {
        qCCritical(lcUpstream) << "curl_multi_init failed; every upstream transfer will fail";
    }
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &CurlMulti::onTimeout);
}

CurlMulti::~CurlMulti()
{
    m_closing = true;
    // Normally empty (the client cancelled everything); detach stragglers without signals.
    while (!m_active.empty()) {
        UpstreamTransfer *transfer = m_active.back();
        release(transfer, false);
        transfer->m_multi = nullptr;
    }
    // Closing cached connections calls the socket callback, so our state must still exist.
    if (m_multi)
        curl_multi_cleanup(m_multi);
    for (CURL *easy : m_idleEasy)
        curl_easy_cleanup(easy);
    m_timer.stop();
}

UpstreamTransfer *CurlMulti::start(UpstreamRequestSpec spec)
{
    auto *transfer = new UpstreamTransfer(m_transferParent);
    transfer->m_multi = this;
    transfer->m_timeouts = spec.timeouts;
    transfer->m_clock.start();
    if (m_closing) {
        transfer->failLater(TransferError::Cancelled, u"the upstream client is shutting down"_s);
        return transfer;
    }
    CURL *easy = acquireEasy();
    if (!easy) {
        transfer->failLater(TransferError::ConnectFailed, u"libcurl could not create a transfer"_s);
        return transfer;
    }
    transfer->m_easy = easy;
    transfer->m_activeIndex = m_active.size();
    m_active.push_back(transfer);
    const QString problem = configure(easy, transfer, spec);
    if (!problem.isEmpty()) {
        release(transfer, true);
        transfer->failLater(TransferError::Protocol, problem);
        return transfer;
    }
    const CURLMcode result = curl_multi_add_handle(m_multi, easy);
    if (result != CURLM_OK) {
        release(transfer, false);
        transfer->failLater(TransferError::ConnectFailed,
                            u"libcurl refused the transfer: "_s
                                + QString::fromUtf8(curl_multi_strerror(result)));
    }
    // Nothing is emitted here: the first event comes from the timer libcurl just armed.
    return transfer;
}

void CurlMulti::shutdown()
{
    m_closing = true;
    std::vector<QPointer<UpstreamTransfer>> running(m_active.begin(), m_active.end());
    for (const QPointer<UpstreamTransfer> &transfer : running) {
        if (transfer)
            transfer->cancel();
    }
}

CURL *CurlMulti::acquireEasy()
{
    if (!m_multi)
        return nullptr;
    if (!m_idleEasy.empty()) {
        CURL *easy = m_idleEasy.back();
        m_idleEasy.pop_back();
        return easy;
    }
    return curl_easy_init();
}

void CurlMulti::release(UpstreamTransfer *transfer, bool reuse)
{
    auto *easy = static_cast<CURL *>(transfer->m_easy);
    if (!easy)
        return;
    transfer->m_easy = nullptr;
    const std::size_t index = transfer->m_activeIndex;
    m_active[index] = m_active.back();
    m_active[index]->m_activeIndex = index;
    m_active.pop_back();

    // A transfer removed before it completed makes libcurl close an HTTP/1.1 connection
    // (the upstream sees the close) or reset an HTTP/2 stream.
    curl_multi_remove_handle(m_multi, easy);
    curl_slist_free_all(transfer->m_requestHeaders);
    transfer->m_requestHeaders = nullptr;
    transfer->m_body = QByteArray();
    if (reuse && m_idleEasy.size() < kMaxIdleHandles) {
        curl_easy_reset(easy);
        m_idleEasy.push_back(easy);
    } else {
        curl_easy_cleanup(easy);
    }
}

void CurlMulti::markDirty(UpstreamTransfer *transfer)
{
    if (transfer->m_queued)
        return;
    transfer->m_queued = true;
    m_dirty.emplace_back(transfer);
}

QString CurlMulti::configure(CURL *easy, UpstreamTransfer *transfer, UpstreamRequestSpec &spec)
{
    const QString scheme = spec.url.scheme();
    if (!spec.url.isValid() || spec.url.host().isEmpty()
        || (scheme != u"http"_s && scheme != u"https"_s))
        return u"the upstream URL is not a valid http or https URL"_s;
    if (!isToken(spec.method))
        return u"the request method is not a valid HTTP token"_s;

    // Request headers: as given, minus hop-by-hop ones; never the values in a message.
    curl_slist *headers = nullptr;
    bool hasAccept = false;
    bool hasContentType = false;
    QByteArray line;
    line.reserve(256);
    for (const auto &[name, value] : std::as_const(spec.headers)) {
        if (!isToken(name) || !isFieldValue(value)) {
            curl_slist_free_all(headers);
            return u"a request header has an invalid name or value"_s;
        }
        if (isHopByHop(name))
            continue;
        hasAccept = hasAccept || name.compare("accept", Qt::CaseInsensitive) == 0;
        hasContentType = hasContentType || name.compare("content-type", Qt::CaseInsensitive) == 0;
        line.resize(0);
        // "Name;" is libcurl's way to send an empty value ("Name:" would delete the header).
        line.append(name).append(value.isEmpty() ? ";" : ": ").append(value);
        if (!appendHeader(headers, line.constData())) {
            curl_slist_free_all(headers);
            return u"out of memory building the request headers"_s;
        }
    }
    const QByteArray &method = spec.method;
    const bool sendsBody
        = !spec.body.isEmpty() || method == "POST" || method == "PUT" || method == "PATCH";
    // Suppress what libcurl would add on its own: Expect: 100-continue costs a round trip,
    // and its default Accept and form Content-Type are not what the caller sent.
    bool ok = appendHeader(headers, "Expect:");
    if (ok && !hasAccept)
        ok = appendHeader(headers, "Accept:");
    if (ok && sendsBody && !hasContentType)
        ok = appendHeader(headers, "Content-Type:");
    transfer->m_requestHeaders = headers;
    if (!ok)
        return u"out of memory building the request headers"_s;

    const QByteArray url = spec.url.toEncoded();
    transfer->m_errorBuffer[0] = '\0';
    curl_easy_setopt(easy, CURLOPT_URL, url.constData());
    curl_easy_setopt(easy, CURLOPT_PRIVATE, transfer);
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, transfer->m_errorBuffer.data());
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_CLOSESOCKETFUNCTION, &CurlMulti::onCloseSocket);
    curl_easy_setopt(easy, CURLOPT_CLOSESOCKETDATA, this);
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    // HTTP/2 when the upstream offers it over TLS, HTTP/1.1 on cleartext. Waiting for a
    // multiplexed connection only makes sense over TLS: on cleartext it would queue every
    // new request behind the first response.
    curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, long(CURL_HTTP_VERSION_2TLS));
    curl_easy_setopt(easy, CURLOPT_PIPEWAIT, scheme == u"https"_s ? 1L : 0L);
    curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(easy, CURLOPT_TCP_KEEPIDLE, 30L);
    curl_easy_setopt(easy, CURLOPT_TCP_KEEPINTVL, 15L);
    // Bytes pass through untouched: no Accept-Encoding, no decoding.
    curl_easy_setopt(easy, CURLOPT_HTTP_CONTENT_DECODING, 0L);
    curl_easy_setopt(easy, CURLOPT_HTTP09_ALLOWED, 0L);
    // A proxy's CONNECT answer is not the upstream's response head.
    curl_easy_setopt(easy, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
    // TLS verification and the system CA store stay at libcurl's defaults (on), and so does
    // proxy discovery from http_proxy / HTTPS_PROXY / NO_PROXY.
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, long(std::max(0, spec.timeouts.connectMs)));
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, long(std::max(0, spec.timeouts.totalMs)));
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &UpstreamTransfer::onHeader);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, transfer);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &UpstreamTransfer::onWrite);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, transfer);
    curl_easy_setopt(easy, CURLOPT_PREREQFUNCTION, &UpstreamTransfer::onPrereq);
    curl_easy_setopt(easy, CURLOPT_PREREQDATA, transfer);
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);

    if (method == "HEAD") {
        curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
    } else if (sendsBody) {
        // The transfer keeps the (implicitly shared) body alive, so libcurl needs no copy.
        transfer->m_body = std::move(spec.body);
        curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(transfer->m_body.size()));
        curl_easy_setopt(easy, CURLOPT_POSTFIELDS, transfer->m_body.constData());
        if (method != "POST")
            curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, method.constData());
    } else {
        curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
        if (method != "GET")
            curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, method.constData());
    }
    return {};
}

int CurlMulti::onSocketCallback(CURL *, curl_socket_t fd, int what, void *userp, void *)
{
    auto *self = static_cast<CurlMulti *>(userp);
    if (what == CURL_POLL_REMOVE)
        self->unwatchSocket(fd);
    else
        self->watchSocket(fd, what);
    return 0;
}

int CurlMulti::onTimerCallback(CURLM *, long timeoutMs, void *userp)
{
    // Only arm the timer: calling curl_multi_socket_action from here would re-enter libcurl.
    auto *self = static_cast<CurlMulti *>(userp);
    if (timeoutMs < 0)
        self->m_timer.stop();
    else
        self->m_timer.start(int(std::min<long>(timeoutMs, INT_MAX)));
    return 0;
}

void CurlMulti::watchSocket(curl_socket_t fd, int what)
{
    SocketWatch &watch = m_sockets[fd];
    watch.wantRead = what == CURL_POLL_IN || what == CURL_POLL_INOUT;
    watch.wantWrite = what == CURL_POLL_OUT || what == CURL_POLL_INOUT;
    if (watch.wantRead && !watch.read)
        watch.read = makeNotifier(fd, QSocketNotifier::Read);
    if (watch.wantWrite && !watch.write)
        watch.write = makeNotifier(fd, QSocketNotifier::Write);
    // Every enable/disable is a poll-set change (and a dispatcher wake-up under glib), so
    // only touch a notifier whose state really differs.
    if (watch.read && watch.read->isEnabled() != watch.wantRead)
        watch.read->setEnabled(watch.wantRead);
    if (watch.write && watch.write->isEnabled() != watch.wantWrite)
        watch.write->setEnabled(watch.wantWrite);
}

void CurlMulti::unwatchSocket(curl_socket_t fd)
{
    // libcurl stops watching a connection when it goes back to the pool, and watches it again
    // for the next request on it. Keep the notifiers for that, and leave the read notifier
    // enabled: toggling it twice per request costs two poll-set changes. If an idle pooled
    // connection does become readable (the server closed it), onSocketActivated() disables
    // the notifier then. The write notifier would fire continuously, so it goes off now.
    const auto it = m_sockets.find(fd);
    if (it == m_sockets.end())
        return;
    it->second.wantRead = false;
    it->second.wantWrite = false;
    if (it->second.write && it->second.write->isEnabled())
        it->second.write->setEnabled(false);
}

void CurlMulti::forgetSocket(curl_socket_t fd)
{
    const auto it = m_sockets.find(fd);
    if (it == m_sockets.end())
        return;
    // We may be inside this very notifier's activated() signal: disable now, delete soon.
    for (QSocketNotifier *notifier : { it->second.read, it->second.write }) {
        if (notifier) {
            notifier->setEnabled(false);
            base::deleteSoon(notifier);
        }
    }
    m_sockets.erase(it);
}

int CurlMulti::onCloseSocket(void *clientp, curl_socket_t fd)
{
    static_cast<CurlMulti *>(clientp)->forgetSocket(fd);
#ifdef Q_OS_WIN
    return closesocket(fd);
#else
    return ::close(fd);
#endif
}

QSocketNotifier *CurlMulti::makeNotifier(curl_socket_t fd, QSocketNotifier::Type type)
{
    auto *notifier = new QSocketNotifier(qintptr(fd), type, this);
    const int flags = type == QSocketNotifier::Read ? CURL_CSELECT_IN : CURL_CSELECT_OUT;
    connect(notifier, &QSocketNotifier::activated, this,
            [this, fd, flags] { onSocketActivated(fd, flags); });
    return notifier;
}

void CurlMulti::onSocketActivated(curl_socket_t fd, int flags)
{
    const auto it = m_sockets.find(fd);
    if (it != m_sockets.end() && flags == CURL_CSELECT_IN && !it->second.wantRead) {
        // A pooled connection libcurl is not watching (see unwatchSocket): stop polling it;
        // libcurl checks a connection's health itself before it reuses it.
        if (it->second.read)
            it->second.read->setEnabled(false);
        return;
    }
    int running = 0;
    const CURLMcode result = curl_multi_socket_action(m_multi, fd, flags, &running);
    if (result != CURLM_OK)
        qCDebug(lcUpstream) << "curl_multi_socket_action:" << curl_multi_strerror(result);
    collectFinished();
    dispatch();
}

void CurlMulti::onTimeout()
{
    int running = 0;
    const CURLMcode result = curl_multi_socket_action(m_multi, CURL_SOCKET_TIMEOUT, 0, &running);
    if (result != CURLM_OK)
        qCDebug(lcUpstream) << "curl_multi_socket_action:" << curl_multi_strerror(result);
    collectFinished();
    dispatch();
}

void CurlMulti::collectFinished()
{
    int queued = 0;
    while (CURLMsg *message = curl_multi_info_read(m_multi, &queued)) {
        if (message->msg != CURLMSG_DONE)
            continue;
        // Copy what we need: the message dies with curl_multi_remove_handle().
        CURL *easy = message->easy_handle;
        const CURLcode result = message->data.result;
        void *owner = nullptr;
        curl_easy_getinfo(easy, CURLINFO_PRIVATE, &owner);
        auto *transfer = static_cast<UpstreamTransfer *>(owner);
        transfer->complete(result);
        release(transfer, true);
    }
}

void CurlMulti::dispatch()
{
    if (m_dirty.empty())
        return;
    // Slots may start, cancel or delete transfers (and so touch m_dirty), or even delete
    // the client and with it this object: work on a local batch and check we survive.
    const QPointer<CurlMulti> self(this);
    std::vector<QPointer<UpstreamTransfer>> batch;
    batch.swap(m_dirty);
    for (const QPointer<UpstreamTransfer> &transfer : batch) {
        if (transfer) {
            transfer->m_queued = false;
            transfer->deliverPending();
        }
    }
    if (!self)
        return;
    batch.clear();
    if (m_dirty.empty())
        m_dirty.swap(batch); // keep the capacity for the next round
}

} // namespace switchyard::upstream
